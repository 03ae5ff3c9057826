package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;

/** The account's storage limits as seen by a stream's writer. Thread-safe. */
public interface StorageQuota {

    /** An error when {@code bytes} more of {@code storage} would exceed the limit, otherwise {@code null}. */
    ApiError checkAppend(StorageType storage, long bytes);

    /** A stream's stored bytes changed by {@code delta}. */
    void adjustUsage(StorageType storage, long delta);
}
