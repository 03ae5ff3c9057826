package io.natsspring.kv.core;

import org.jspecify.annotations.Nullable;

/** A stored value could not be read as the template's type, or a value could not be written. */
public class KeyValueConversionException extends KeyValueException {

    /** Conversion of the value of {@code key} failed for {@code reason}. */
    public KeyValueConversionException(String bucket, String key, String reason, @Nullable Throwable cause) {
        super(bucket, key, reason, cause);
    }
}
