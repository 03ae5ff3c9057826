package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamMetaFile;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Brings back the file streams found in the store directory at start; a stream that can not be read is skipped. A
 * stream whose stored {@code _nats.req.level} is above this broker's API level stays offline (listed under
 * {@code offline} with {@code nats-server}'s reason) until it is deleted.
 */
public final class StreamRestorer {

    private static final System.Logger LOG = System.getLogger(StreamRestorer.class.getName());

    private StreamRestorer() {}

    /** Restores every stream directory of {@code layout} into {@code registry}; returns how many came back. */
    public static int restore(StoreLayout layout, StoreFactory storeFactory, StreamRegistry registry)
            throws IOException {
        StoreLayout.deleteDirectory(layout.restoreStagingDir());
        int restored = 0;
        for (Path dir : layout.streamDirs()) {
            if (!Files.isRegularFile(dir.resolve(StreamMetaFile.NAME))) {
                continue;
            }
            try {
                StreamMetaFile.Meta meta = StreamMetaFile.read(dir);
                StreamConfig c = meta.config();
                String unsupported = UnsupportedAsset.reason(c.metadata());
                if (unsupported != null) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Detected unsupported stream ''{0}'': {1}",
                            c.name(),
                            unsupported);
                    registry.addUnsupported(c, unsupported);
                    continue;
                }
                StreamStore store = storeFactory.open(c, dir);
                registry.add(c, store, meta.createdNanos(), dir);
                restored++;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Can not restore stream from " + dir + "; skipped", e);
            }
        }
        return restored;
    }
}
