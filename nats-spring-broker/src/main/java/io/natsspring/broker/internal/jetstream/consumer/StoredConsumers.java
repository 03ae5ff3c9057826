package io.natsspring.broker.internal.jetstream.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable consumers stored under a file stream's directory, read without starting them: what the stream's
 * restore checks before it runs them (a consumer written by a newer server keeps its stream offline).
 */
public final class StoredConsumers {

    private static final System.Logger LOG = System.getLogger(StoredConsumers.class.getName());

    private StoredConsumers() {}

    /** Each readable stored consumer's metadata (empty map when it has none), by name in name order. */
    public static Map<String, Map<String, String>> metadata(Path streamDir) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Path dir = streamDir.resolve(ConsumerStateFile.DIR);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> dirs;
        try (var list = Files.list(dir)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Can not list consumers in " + dir, e);
            return out;
        }
        for (Path p : dirs) {
            try {
                ConsumerConfig c = ConsumerStateFile.read(p).config();
                out.put(p.getFileName().toString(), c.metadata() == null ? Map.of() : c.metadata());
            } catch (IOException | RuntimeException e) {
                // the restore logs and skips it
            }
        }
        return out;
    }

    /** Removes a stored consumer's directory (a consumer that never ran: offline). */
    public static void delete(Path streamDir, String name) throws IOException {
        Path dir = ConsumerStateFile.dir(streamDir, name);
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
