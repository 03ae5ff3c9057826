package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.consumer.StoredConsumers;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamMetaFile;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings back the file streams found in the store directory at start; a stream that can not be read is skipped. A
 * stream whose stored {@code _nats.req.level} is above this broker's API level stays offline (listed under
 * {@code offline} with {@code nats-server}'s reason) until it is deleted; so does a stream with such a stored
 * consumer, or with a stored consumer whose config has a field this broker does not know ({@code stopped -
 * unsupported consumer "<name>"}, the consumer listed offline).
 */
public final class StreamRestorer {

    private static final System.Logger LOG = System.getLogger(StreamRestorer.class.getName());

    private StreamRestorer() {}

    /** Restores every stream directory of {@code layout} into {@code registry}; returns how many came back. */
    public static int restore(StoreLayout layout, StoreFactory storeFactory, StreamRegistry registry)
            throws IOException {
        StoreLayout.deleteDirectory(layout.restoreStagingDir());
        StoreLayout.deleteDirectory(layout.deletedDir());
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
                Map<String, String> offlineConsumers = unsupportedConsumers(dir);
                if (!offlineConsumers.isEmpty()) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Stopping stream ''{0}'' with unsupported consumers: {1}",
                            c.name(),
                            offlineConsumers);
                    registry.addStoppedByConsumers(c, offlineConsumers);
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

    /**
     * The stored consumers of the stream in {@code dir} that need a higher API level or whose config has a field
     * this broker does not know, with {@code nats-server}'s reason ({@code unsupported - required API level: …},
     * {@code unsupported - config error: unknown field "x"} or {@code decoding error: json: unknown field "x"}).
     */
    private static Map<String, String> unsupportedConsumers(Path dir) {
        Map<String, String> out = new TreeMap<>();
        StoredConsumers.metadata(dir).forEach((name, metadata) -> {
            String reason = UnsupportedAsset.reason(metadata);
            if (reason != null) {
                out.put(name, reason);
            }
        });
        StoredConsumers.undecodable(dir).forEach((name, u) -> {
            String reason = UnsupportedAsset.reason(u.metadata()) != null
                    ? "unsupported - config error: " + u.error().substring("json: ".length())
                    : "decoding error: " + u.error();
            out.put(name, reason);
        });
        return new LinkedHashMap<>(out);
    }
}
