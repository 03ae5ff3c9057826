package io.natsspring.kv.core;

import org.jspecify.annotations.Nullable;

/** {@link KeyValueOperations#create create} found the key already holding a value. */
public class KeyValueKeyExistsException extends KeyValueException {

    /** The key exists in the bucket. */
    public KeyValueKeyExistsException(String bucket, String key, @Nullable Throwable cause) {
        super(bucket, key, "Key already exists", cause);
    }
}
