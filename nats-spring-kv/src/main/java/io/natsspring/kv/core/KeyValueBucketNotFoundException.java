package io.natsspring.kv.core;

import org.jspecify.annotations.Nullable;

/** The Key-Value bucket does not exist on the server. */
public class KeyValueBucketNotFoundException extends KeyValueException {

    /** {@code bucket} does not exist; {@code reason} says who needed it. */
    public KeyValueBucketNotFoundException(String bucket, String reason, @Nullable Throwable cause) {
        super(bucket, null, reason, cause);
    }
}
