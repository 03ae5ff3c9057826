package io.natsspring.kv.core;

import org.jspecify.annotations.Nullable;

/** A Key-Value operation failed; names the bucket and, when there is one, the key. */
public class KeyValueException extends RuntimeException {

    private final String bucket;

    private final @Nullable String key;

    /** An exception for {@code bucket}/{@code key} whose message is {@code reason} followed by where it happened. */
    public KeyValueException(String bucket, @Nullable String key, String reason, @Nullable Throwable cause) {
        super(reason + " (bucket '" + bucket + "'" + (key != null ? ", key '" + key + "'" : "") + ")", cause);
        this.bucket = bucket;
        this.key = key;
    }

    /** The bucket's name. */
    public String getBucket() {
        return bucket;
    }

    /** The key, or null for a bucket-wide operation. */
    public @Nullable String getKey() {
        return key;
    }
}
