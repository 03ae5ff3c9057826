package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable consumers stored under a file stream's directory, read without starting them: what the stream's
 * restore checks before it runs them (a consumer written by a newer server keeps its stream offline).
 */
public final class StoredConsumers {

    private static final System.Logger LOG = System.getLogger(StoredConsumers.class.getName());

    private static final JsonMapper LENIENT = JsonMapper.builder().build();

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

    /**
     * The stored consumers whose config has a field this broker does not know (a config written by a newer server):
     * by name in name order, Go's decoder error ({@code json: unknown field "x"}) and the metadata read leniently.
     * {@code nats-server} stops the stream of such a consumer, as for one of a higher API level.
     */
    public static Map<String, Undecodable> undecodable(Path streamDir) {
        Map<String, Undecodable> out = new LinkedHashMap<>();
        Path dir = streamDir.resolve(ConsumerStateFile.DIR);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> dirs;
        try (var list = Files.list(dir)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return out;
        }
        for (Path p : dirs) {
            try {
                ConsumerStateFile.read(p);
            } catch (IOException | RuntimeException e) {
                String error = unknownField(e);
                if (error != null) {
                    out.put(p.getFileName().toString(), new Undecodable(error, leninentMetadata(p)));
                }
            }
        }
        return out;
    }

    /**
     * A stored consumer config that does not decode strictly.
     *
     * @param error    Go's decoder error, e.g. {@code json: unknown field "x"}
     * @param metadata the config's {@code metadata} (empty when it has none)
     */
    public record Undecodable(String error, Map<String, String> metadata) {}

    /** Go's text of an unknown-field error behind {@code e}, or {@code null} for any other failure. */
    private static String unknownField(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException a && a.error().errCode() == JsApiError.INVALID_JSON.errCode()) {
                String d = a.error().description();
                int i = d.indexOf("json: unknown field ");
                return i < 0 ? null : d.substring(i);
            }
        }
        return null;
    }

    private static Map<String, String> leninentMetadata(Path consumerDir) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonNode meta = LENIENT.readTree(Files.readAllBytes(consumerDir.resolve(ConsumerStateFile.META)));
            JsonNode m = meta.path("config").path("metadata");
            for (String k : m.propertyNames()) {
                out.put(k, m.get(k).asString(""));
            }
        } catch (IOException | RuntimeException e) {
            // no metadata
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
