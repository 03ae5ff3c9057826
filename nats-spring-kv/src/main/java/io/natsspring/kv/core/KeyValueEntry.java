package io.natsspring.kv.core;

import io.nats.client.api.KeyValueOperation;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One revision of a key: its value converted to the template's type, its revision (the stream sequence), when it was
 * written and the operation that wrote it. The value is null exactly for {@link KeyValueOperation#DELETE DELETE} and
 * {@link KeyValueOperation#PURGE PURGE} markers.
 */
public record KeyValueEntry<T>(
        String bucket, String key, @Nullable T value, long revision, Instant created, KeyValueOperation operation) {

    /** Whether this revision is a value ({@link KeyValueOperation#PUT PUT}) rather than a delete or purge marker. */
    public boolean isPut() {
        return operation == KeyValueOperation.PUT;
    }
}
