package io.natsspring.broker.internal.jetstream.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import java.nio.charset.StandardCharsets;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * This broker's stream archive (not {@code nats-server}'s; archives do not move between the two servers):
 * the 8 magic bytes {@code NSSNAP01}, then one LZ4 frame (independent 256 KiB blocks, content checksum) holding
 * records, each a kind byte, a 4-byte big-endian length and the body:
 * <ul>
 *   <li>{@code H} once, first: JSON {@link Header} (stream config, creation time, first/last sequence);</li>
 *   <li>{@code M} per live message, ascending: sequence (8), timestamp in epoch nanoseconds (8), subject
 *       (2-byte length + UTF-8), header block (4-byte length, {@code -1} for none), payload (4-byte length);</li>
 *   <li>{@code C} per durable consumer: config JSON (4-byte length), creation time (8), state JSON (4-byte
 *       length; delivered and ack floor sequences, pending deliveries, delivery counts);</li>
 *   <li>{@code E} once, last: the number of {@code M} records (8).</li>
 * </ul>
 * Sequences missing between the first and last sequence are deleted ones; a restore recreates them as deleted.
 */
public final class SnapshotFormat {

    static final byte[] MAGIC = "NSSNAP01".getBytes(StandardCharsets.US_ASCII);
    static final byte HEADER = 'H';
    static final byte MESSAGE = 'M';
    static final byte CONSUMER = 'C';
    static final byte END = 'E';
    /** Largest record accepted when reading (a message is at most the broker's max payload plus headers). */
    static final int MAX_RECORD = 64 * 1024 * 1024;

    static final LZ4Factory LZ4 = LZ4Factory.safeInstance();
    static final XXHashFactory XXHASH = XXHashFactory.safeInstance();

    private SnapshotFormat() {}

    /** The {@code H} record. */
    public record Header(
            @JsonProperty("version") int version,
            @JsonProperty("config") StreamConfig config,

            @JsonProperty("created")
            @JsonDeserialize(using = GoScalars.Time.class)
            @JsonSerialize(using = GoScalars.TimeWriter.class)
            long createdNanos,

            @JsonProperty("first_seq") long firstSeq,
            @JsonProperty("last_seq") long lastSeq,
            @JsonProperty("last_ts") long lastTimestampNanos,
            @JsonProperty("messages") long messages) {}
}
