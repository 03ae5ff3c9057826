package io.natsspring.broker.internal.jetstream.replication;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where each source of a file stream stood, kept in {@code sources.json} beside its messages (2.15: sourcing state
 * kept apart from the messages), so that purging every sourced message does not send a source back to the start
 * after a restart. Written at most once a second and when the sources stop; the {@code Nats-Stream-Source} headers
 * still give the exact position after a crash whenever the stream holds a message of that source.
 */
final class SavedProgress {

    static final String FILE = "sources.json";

    private SavedProgress() {}

    /** The saved positions by source index name; empty when there is no file or it cannot be read. */
    static Map<String, SourceProgress.Position> load(Path dir) {
        Map<String, SourceProgress.Position> out = new HashMap<>();
        if (dir == null) {
            return out;
        }
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return out;
        }
        try {
            JsonNode root = ApiJson.parseObject(Files.readAllBytes(f));
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                JsonNode v = e.getValue();
                String ident = v.path("ident").asString("");
                out.put(
                        e.getKey(),
                        new SourceProgress.Position(v.path("seq").asLong(0), ident.isEmpty() ? null : ident));
            }
        } catch (IOException | RuntimeException e) {
            System.getLogger(SavedProgress.class.getName())
                    .log(System.Logger.Level.WARNING, "Ignoring unreadable " + f + ": " + e.getMessage());
        }
        return out;
    }

    /** Replaces the file with {@code positions} (temp file and rename). */
    static void save(Path dir, Map<String, SourceProgress.Position> positions) throws IOException {
        ObjectNode root = ApiJson.object();
        positions.forEach((k, v) -> {
            ObjectNode o = root.putObject(k);
            o.put("seq", v.seq());
            if (v.identity() != null) {
                o.put("ident", v.identity());
            }
        });
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, ApiJson.bytes(root));
        try {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The later of the position the messages give and the saved one, per source. */
    static Map<String, SourceProgress.Position> merge(
            Map<String, SourceProgress.Position> fromMessages, Map<String, SourceProgress.Position> saved) {
        Map<String, SourceProgress.Position> out = new HashMap<>(saved);
        fromMessages.forEach((k, v) -> {
            SourceProgress.Position s = out.get(k);
            if (s == null || v.seq() >= s.seq()) {
                out.put(k, v);
            }
        });
        return out;
    }
}
