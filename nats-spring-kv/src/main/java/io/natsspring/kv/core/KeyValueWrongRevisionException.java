package io.natsspring.kv.core;

import org.jspecify.annotations.Nullable;

/** An update expected a revision of the key that is no longer (or never was) its latest. */
public class KeyValueWrongRevisionException extends KeyValueException {

    private final long expectedRevision;

    /** The key's latest revision is not {@code expectedRevision}. */
    public KeyValueWrongRevisionException(String bucket, String key, long expectedRevision, @Nullable Throwable cause) {
        this(bucket, key, expectedRevision, "Wrong revision: expected " + expectedRevision, cause);
    }

    /** The same with a message of the caller's. */
    public KeyValueWrongRevisionException(
            String bucket, String key, long expectedRevision, String reason, @Nullable Throwable cause) {
        super(bucket, key, reason, cause);
        this.expectedRevision = expectedRevision;
    }

    /** The revision the update expected to be the latest. */
    public long getExpectedRevision() {
        return expectedRevision;
    }
}
