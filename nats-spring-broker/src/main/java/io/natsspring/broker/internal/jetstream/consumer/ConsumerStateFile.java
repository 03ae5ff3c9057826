package io.natsspring.broker.internal.jetstream.consumer;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A durable consumer's files in its file stream's directory, {@code consumers/<name>/}: {@code meta.json} (config
 * and creation time, written on create/update) and {@code state.json} (delivered and ack floor sequences, pending
 * deliveries, delivery counts). Both are replaced atomically (write a temp file, rename), so a crash leaves the
 * old or the new version, never a torn one. State changes are appended to {@link ConsumerJournal}
 * ({@code state.journal}) and only folded into {@code state.json} when the journal grows past its bound; a
 * restore reads {@code state.json} and takes the journal's newest valid record over it.
 */
final class ConsumerStateFile {

    static final String DIR = "consumers";
    /** The consumer's config and creation time, in its directory. */
    static final String META = "meta.json";

    private static final String STATE = "state.json";

    /** What is persisted about deliveries; pending entries are {@code {streamSeq, consumerSeq, deliveredNanos}}. */
    record State(
            long deliveredConsumerSeq,
            long deliveredStreamSeq,
            long ackFloorConsumerSeq,
            long ackFloorStreamSeq,
            List<long[]> pending,
            Map<Long, Long> deliveryCounts) {}

    /** A consumer read back from disk. */
    record Restored(ConsumerConfig config, long createdNanos, State state) {}

    /** {@code meta.json}. */
    private record Meta(
            @JsonProperty("config") ConsumerConfig config,

            @JsonProperty("created")
            @JsonDeserialize(using = GoScalars.Time.class)
            @JsonSerialize(using = GoScalars.TimeWriter.class)
            long createdNanos) {}

    /** {@code state.json}: pending entries are {@code [streamSeq, consumerSeq, deliveredNanos]}. */
    private record StateJson(
            @JsonProperty("delivered") Sequences delivered,
            @JsonProperty("ack_floor") Sequences ackFloor,
            @JsonProperty("pending") List<long[]> pending,
            @JsonProperty("redelivered") List<long[]> redelivered) {}

    private record Sequences(
            @JsonProperty("consumer_seq") long consumerSeq,
            @JsonProperty("stream_seq") long streamSeq) {}

    private ConsumerStateFile() {}

    static Path dir(Path streamDir, String consumer) {
        return streamDir.resolve(DIR).resolve(consumer);
    }

    static void writeMeta(Path dir, ConsumerConfig config, long createdNanos) throws IOException {
        Files.createDirectories(dir);
        replace(dir.resolve(META), ApiJson.bytes(new Meta(config, createdNanos)));
    }

    static void writeState(Path dir, State s) throws IOException {
        replace(dir.resolve(STATE), stateBytes(s));
    }

    /**
     * Replaces {@code state.json}; with {@code sync} the new file and the directory entry are forced to the device
     * before this returns (a journal fold under {@code sync_interval: always}).
     */
    static void writeState(Path dir, State s, boolean sync) throws IOException {
        if (!sync) {
            writeState(dir, s);
            return;
        }
        Path target = dir.resolve(STATE);
        Path tmp = target.resolveSibling(STATE + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(stateBytes(s));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems can not open a directory for syncing; the rename itself is atomic
        }
    }

    /** {@code state.json}'s bytes for {@code s} (also the consumer state in a stream snapshot). */
    static byte[] stateBytes(State s) {
        List<long[]> counts = new ArrayList<>();
        s.deliveryCounts().forEach((seq, n) -> counts.add(new long[] {seq, n}));
        StateJson json = new StateJson(
                new Sequences(s.deliveredConsumerSeq(), s.deliveredStreamSeq()),
                new Sequences(s.ackFloorConsumerSeq(), s.ackFloorStreamSeq()),
                s.pending(),
                counts);
        return ApiJson.bytes(json);
    }

    /** {@code s} without deliveries after {@code lastSeq} (a snapshot's consumer state). */
    static State bound(State s, long lastSeq) {
        List<long[]> pending = new ArrayList<>();
        for (long[] p : s.pending()) {
            if (p[0] <= lastSeq) {
                pending.add(p);
            }
        }
        Map<Long, Long> counts = new HashMap<>();
        s.deliveryCounts().forEach((seq, n) -> {
            if (seq <= lastSeq) {
                counts.put(seq, n);
            }
        });
        return new State(
                s.deliveredConsumerSeq(),
                Math.min(s.deliveredStreamSeq(), lastSeq),
                s.ackFloorConsumerSeq(),
                Math.min(s.ackFloorStreamSeq(), lastSeq),
                pending,
                counts);
    }

    /** Reads what {@link #stateBytes} wrote. */
    static State parseState(byte[] bytes) {
        return toState(ApiJson.read(bytes, StateJson.class, StateJson.class.getSimpleName()));
    }

    private static State toState(StateJson o) {
        Map<Long, Long> counts = new HashMap<>();
        for (long[] c : o.redelivered()) {
            counts.put(c[0], c[1]);
        }
        return new State(
                o.delivered().consumerSeq(),
                o.delivered().streamSeq(),
                o.ackFloor().consumerSeq(),
                o.ackFloor().streamSeq(),
                List.copyOf(o.pending()),
                counts);
    }

    /**
     * Reads a consumer directory: {@code state.json}, replaced by the newest valid record of its journal when
     * there is one; {@code state} is {@code null} when nothing was delivered yet.
     */
    static Restored read(Path dir) throws IOException {
        Meta meta = read(dir.resolve(META), Meta.class);
        State journal = ConsumerJournal.readLast(dir);
        if (journal != null) {
            return new Restored(meta.config(), meta.createdNanos(), journal);
        }
        Path statePath = dir.resolve(STATE);
        if (!Files.isRegularFile(statePath)) {
            return new Restored(meta.config(), meta.createdNanos(), null);
        }
        return new Restored(meta.config(), meta.createdNanos(), toState(read(statePath, StateJson.class)));
    }

    private static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            return ApiJson.read(Files.readAllBytes(file), type, type.getSimpleName());
        } catch (ApiException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
