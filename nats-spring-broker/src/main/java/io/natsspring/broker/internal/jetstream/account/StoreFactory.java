package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the store of a stream (new or existing). */
@FunctionalInterface
public interface StoreFactory {

    /**
     * @param streamDir the stream's directory (exists for file streams; unused by memory streams)
     */
    StreamStore open(StreamConfig config, Path streamDir) throws IOException;

    /**
     * Whether a file stream's meta file is forced to the device when written. {@code nats-server} forces it only
     * with {@code sync_interval: always}; a process crash loses nothing either way (the rename is atomic).
     */
    default boolean syncsMetaFile() {
        return true;
    }
}
