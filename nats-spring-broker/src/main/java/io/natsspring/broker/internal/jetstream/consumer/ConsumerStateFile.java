package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A durable consumer's files in its file stream's directory, {@code consumers/<name>/}: {@code meta.json} (config
 * and creation time, written on create/update) and {@code state.json} (delivered and ack floor sequences, pending
 * deliveries, delivery counts). Both are replaced atomically (write a temp file, rename), so a crash leaves the
 * old or the new version, never a torn one. The consumer writes its state shortly after changes and before it
 * confirms an acknowledgement that asked for confirmation.
 */
final class ConsumerStateFile {

    static final String DIR = "consumers";
    private static final String META = "meta.json";
    private static final String STATE = "state.json";

    /** What is persisted about deliveries; pending entries are {@code {streamSeq, consumerSeq, deliveredNanos}}. */
    record State(long deliveredConsumerSeq, long deliveredStreamSeq, long ackFloorConsumerSeq,
                 long ackFloorStreamSeq, List<long[]> pending, Map<Long, Long> deliveryCounts) {
    }

    /** A consumer read back from disk. */
    record Restored(ConsumerConfig config, long createdNanos, State state) {
    }

    private ConsumerStateFile() {
    }

    static Path dir(Path streamDir, String consumer) {
        return streamDir.resolve(DIR).resolve(consumer);
    }

    static void writeMeta(Path dir, ConsumerConfig config, long createdNanos) throws IOException {
        ObjectNode o = ApiJson.object();
        o.set("config", ConsumerConfigJson.encode(config));
        o.put("created", ApiTime.format(createdNanos));
        Files.createDirectories(dir);
        replace(dir.resolve(META), ApiJson.bytes(o));
    }

    static void writeState(Path dir, State s) throws IOException {
        ObjectNode o = ApiJson.object();
        o.putObject("delivered").put("consumer_seq", s.deliveredConsumerSeq()).put("stream_seq", s.deliveredStreamSeq());
        o.putObject("ack_floor").put("consumer_seq", s.ackFloorConsumerSeq()).put("stream_seq", s.ackFloorStreamSeq());
        ArrayNode pending = o.putArray("pending");
        for (long[] p : s.pending()) {
            pending.addArray().add(p[0]).add(p[1]).add(p[2]);
        }
        ArrayNode counts = o.putArray("redelivered");
        s.deliveryCounts().forEach((seq, n) -> counts.addArray().add(seq).add(n));
        replace(dir.resolve(STATE), ApiJson.bytes(o));
    }

    /** Reads a consumer directory; {@code state} is {@code null} when nothing was delivered yet. */
    static Restored read(Path dir) throws IOException {
        ObjectNode meta = ApiJson.parseObject(Files.readAllBytes(dir.resolve(META)));
        ConsumerConfig config = ConsumerConfigJson.decode(meta.get("config"));
        long created = ApiTime.parse(ApiJson.text(meta, "created"));
        Path statePath = dir.resolve(STATE);
        if (!Files.isRegularFile(statePath)) {
            return new Restored(config, created, null);
        }
        ObjectNode o = ApiJson.parseObject(Files.readAllBytes(statePath));
        List<long[]> pending = new ArrayList<>();
        for (JsonNode p : o.get("pending")) {
            pending.add(new long[] {p.get(0).longValue(), p.get(1).longValue(), p.get(2).longValue()});
        }
        Map<Long, Long> counts = new HashMap<>();
        for (JsonNode c : o.get("redelivered")) {
            counts.put(c.get(0).longValue(), c.get(1).longValue());
        }
        JsonNode d = o.get("delivered");
        JsonNode a = o.get("ack_floor");
        return new Restored(config, created, new State(d.get("consumer_seq").longValue(),
                d.get("stream_seq").longValue(), a.get("consumer_seq").longValue(), a.get("stream_seq").longValue(),
                pending, counts));
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
