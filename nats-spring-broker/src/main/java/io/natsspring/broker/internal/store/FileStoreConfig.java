package io.natsspring.broker.internal.store;

import java.time.Duration;

/**
 * Tuning of a {@link FileStreamStore}.
 *
 * @param blockSize    a block file is closed for appends once the next record would make it larger than this
 * @param syncInterval how often a background task forces written data to the device
 * @param syncAlways   force to the device on every {@code flush}
 * @param cacheSize    bytes of the newest records of the active block kept in memory (this buffer is also the
 *                     write buffer; it grows temporarily when more than this is appended between flushes)
 */
public record FileStoreConfig(long blockSize, Duration syncInterval, boolean syncAlways, int cacheSize) {

    public static final FileStoreConfig DEFAULT =
            new FileStoreConfig(8L * 1024 * 1024, Duration.ofMinutes(2), false, 1024 * 1024);

    public FileStoreConfig withBlockSize(long v) {
        return new FileStoreConfig(v, syncInterval, syncAlways, cacheSize);
    }

    public FileStoreConfig withSyncInterval(Duration v) {
        return new FileStoreConfig(blockSize, v, syncAlways, cacheSize);
    }

    public FileStoreConfig withSyncAlways(boolean v) {
        return new FileStoreConfig(blockSize, syncInterval, v, cacheSize);
    }

    public FileStoreConfig withCacheSize(int v) {
        return new FileStoreConfig(blockSize, syncInterval, syncAlways, v);
    }
}
