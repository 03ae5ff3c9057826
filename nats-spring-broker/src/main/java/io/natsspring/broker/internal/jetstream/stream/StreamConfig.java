package io.natsspring.broker.internal.jetstream.stream;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A stream's configuration as the API carries it ({@code StreamConfig} of {@code nats-server}). Durations are in
 * nanoseconds; {@code -1} means unlimited for the limits. Parts this broker does not act on are kept as raw JSON
 * so they can be echoed ({@code placement}) or refused ({@code mirror}, {@code sources}, {@code republish},
 * {@code subject_transform}). Instances are immutable values: equal configs compare equal.
 *
 * @param compression          {@code "none"} or {@code "s2"}; s2 is accepted and echoed, messages are stored
 *                             uncompressed
 * @param consumerLimits       {@code consumer_limits} object (always present, possibly empty)
 * @param metadata             user metadata, {@code null} or non-empty
 */
public record StreamConfig(
        String name,
        String description,
        List<String> subjects,
        RetentionPolicy retention,
        long maxConsumers,
        long maxMsgs,
        long maxBytes,
        long maxAgeNanos,
        long maxMsgsPerSubject,
        long maxMsgSize,
        DiscardPolicy discard,
        StorageType storage,
        long replicas,
        boolean noAck,
        String templateOwner,
        long duplicateWindowNanos,
        JsonNode placement,
        JsonNode mirror,
        JsonNode sources,
        String compression,
        long firstSeq,
        JsonNode subjectTransform,
        JsonNode republish,
        boolean allowDirect,
        boolean mirrorDirect,
        boolean discardNewPerSubject,
        boolean sealed,
        boolean denyDelete,
        boolean denyPurge,
        boolean allowRollup,
        JsonNode consumerLimits,
        Map<String, String> metadata,
        boolean allowMsgTtl,
        long subjectDeleteMarkerTtlNanos) {

    /** Default duplicate window: two minutes. */
    public static final long DEFAULT_DUPLICATE_WINDOW_NANOS = 120_000_000_000L;

    /** A copy with other subjects. */
    public StreamConfig withSubjects(List<String> v) {
        return new StreamConfig(name, description, List.copyOf(v), retention, maxConsumers, maxMsgs, maxBytes,
                maxAgeNanos, maxMsgsPerSubject, maxMsgSize, discard, storage, replicas, noAck, templateOwner,
                duplicateWindowNanos, placement, mirror, sources, compression, firstSeq, subjectTransform, republish,
                allowDirect, mirrorDirect, discardNewPerSubject, sealed, denyDelete, denyPurge, allowRollup,
                consumerLimits, metadata, allowMsgTtl, subjectDeleteMarkerTtlNanos);
    }

    /** A copy with limits fields replaced (used while normalizing). */
    StreamConfig withLimits(long maxConsumers, long maxMsgs, long maxBytes, long maxMsgsPerSubject, long maxMsgSize,
                            long duplicateWindowNanos, long replicas, StorageType storage) {
        return new StreamConfig(name, description, subjects, retention, maxConsumers, maxMsgs, maxBytes,
                maxAgeNanos, maxMsgsPerSubject, maxMsgSize, discard, storage, replicas, noAck, templateOwner,
                duplicateWindowNanos, placement, mirror, sources, compression, firstSeq, subjectTransform, republish,
                allowDirect, mirrorDirect, discardNewPerSubject, sealed, denyDelete, denyPurge, allowRollup,
                consumerLimits, metadata, allowMsgTtl, subjectDeleteMarkerTtlNanos);
    }

    /** A copy adjusted for a sealed stream (as {@code nats-server} does on update). */
    StreamConfig sealedCopy() {
        return new StreamConfig(name, description, subjects, retention, maxConsumers, maxMsgs, maxBytes,
                0, maxMsgsPerSubject, maxMsgSize, DiscardPolicy.NEW, storage, replicas, noAck, templateOwner,
                duplicateWindowNanos, placement, mirror, sources, compression, firstSeq, subjectTransform, republish,
                allowDirect, mirrorDirect, discardNewPerSubject, true, true, true, false,
                consumerLimits, metadata, allowMsgTtl, subjectDeleteMarkerTtlNanos);
    }
}
