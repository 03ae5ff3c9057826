package io.natsspring.broker.internal.store;

/**
 * A snapshot of a stream's counters. When the stream is empty {@code firstSeq == lastSeq + 1} and
 * {@code firstTimestampNanos == 0}; {@code lastSeq}/{@code lastTimestampNanos} keep describing the last message
 * ever appended (or the point a purge/compact moved the stream to).
 *
 * @param msgs                live messages
 * @param bytes               sum of {@link StoredMessage#size} over live messages
 * @param firstSeq            sequence of the first live message
 * @param firstTimestampNanos its timestamp, 0 when empty
 * @param lastSeq             highest sequence assigned (0 before the first append)
 * @param lastTimestampNanos  timestamp of the message that got {@code lastSeq}, 0 if unknown
 * @param numSubjects         distinct subjects among live messages
 * @param numDeleted          interior gaps: sequences between first and last that are not live
 */
public record StreamState(
        long msgs,
        long bytes,
        long firstSeq,
        long firstTimestampNanos,
        long lastSeq,
        long lastTimestampNanos,
        int numSubjects,
        long numDeleted) {}
