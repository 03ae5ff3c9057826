package io.natsspring.kv.core;

/** The key has no value (never written, deleted or purged) where the operation needs one. */
public class KeyValueKeyNotFoundException extends KeyValueException {

    /** The key has no value in the bucket. */
    public KeyValueKeyNotFoundException(String bucket, String key) {
        super(bucket, key, "Key not found", null);
    }
}
