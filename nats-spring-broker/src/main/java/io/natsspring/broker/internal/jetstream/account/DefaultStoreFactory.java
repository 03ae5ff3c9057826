package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.stream.PersistMode;
import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.store.FileStoreConfig;
import io.natsspring.broker.internal.store.FileStreamStore;
import io.natsspring.broker.internal.store.MemoryStreamStore;
import io.natsspring.broker.internal.store.StreamStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Memory streams get a {@link MemoryStreamStore}; file streams the file store in {@code <streamDir>/msgs}.
 */
public final class DefaultStoreFactory implements StoreFactory {

    private final Duration syncInterval;
    private final boolean syncAlways;

    public DefaultStoreFactory(Duration syncInterval, boolean syncAlways) {
        this.syncInterval = syncInterval;
        this.syncAlways = syncAlways;
    }

    @Override
    public StreamStore open(StreamConfig config, Path streamDir) throws java.io.IOException {
        if (config.storage() == StorageType.MEMORY) {
            return new MemoryStreamStore(Stream.storeLimits(config));
        }
        FileStoreConfig fc = FileStoreConfig.DEFAULT
                .withSyncInterval(syncInterval)
                .withSyncAlways(syncAlways && !asyncPersist(config));
        FileStreamStore store = FileStreamStore.open(streamDir, fc, Stream.storeLimits(config));
        store.setCompression(Stream.compressed(config));
        return store;
    }

    /** Only with {@code sync_interval: always}, as {@code nats-server} writes its {@code meta.inf}. */
    @Override
    public boolean syncsMetaFile() {
        return syncAlways;
    }

    /** {@code persist_mode: async} opts out of {@code sync_always}, as in {@code nats-server}. */
    private static boolean asyncPersist(StreamConfig config) {
        return config.persist() == PersistMode.ASYNC;
    }
}
