package io.natsspring.kv.lock;

/**
 * A lease (a lock or a leadership) was lost: its key expired or was taken by another owner before it was renewed or
 * released. Names the bucket and the key.
 */
public class KeyValueLeaseLostException extends IllegalStateException {

    private final String bucket;

    private final String key;

    /** The lease on {@code key} of {@code bucket} is lost, for {@code reason}. */
    public KeyValueLeaseLostException(String bucket, String key, String reason) {
        super(reason + " (bucket '" + bucket + "', key '" + key + "')");
        this.bucket = bucket;
        this.key = key;
    }

    /** The bucket's name. */
    public String getBucket() {
        return bucket;
    }

    /** The key of the lease. */
    public String getKey() {
        return key;
    }
}
