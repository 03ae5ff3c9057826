package io.natsspring.broker.jetstream;

import io.natsspring.broker.jetstream.stream.Stream;
import io.natsspring.broker.jetstream.stream.StorageType;
import io.natsspring.broker.jetstream.stream.StreamConfig;
import io.natsspring.broker.store.MemoryStreamStore;
import io.natsspring.broker.store.StreamStore;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Memory streams get a {@link MemoryStreamStore}; file streams the file store in {@code <streamDir>/msgs}.
 */
final class DefaultStoreFactory implements StoreFactory {

    private final Duration syncInterval;
    private final boolean syncAlways;

    DefaultStoreFactory(Duration syncInterval, boolean syncAlways) {
        this.syncInterval = syncInterval;
        this.syncAlways = syncAlways;
    }

    @Override
    public StreamStore open(StreamConfig config, Path streamDir) {
        if (config.storage() == StorageType.MEMORY) {
            return new MemoryStreamStore(Stream.storeLimits(config));
        }
        // TODO(wt-store): FileStreamStore once it lands on wt-store.
        return new MemoryStreamStore(Stream.storeLimits(config));
    }
}
