package io.natsspring.broker.internal.jetstream.consumer;

/**
 * The numbers of a consumer's info at one moment. Sequences are the last delivered / acknowledged ones; times are
 * nanoseconds since the epoch, {@code 0} for never. {@code pinnedId} is the pin of a {@code pinned_client} consumer
 * ({@code null} when nobody is pinned).
 */
public record ConsumerSnapshot(
        String name,
        ConsumerConfig config,
        long createdNanos,
        long deliveredConsumerSeq,
        long deliveredStreamSeq,
        long lastDeliveredNanos,
        long ackFloorConsumerSeq,
        long ackFloorStreamSeq,
        long lastAckNanos,
        int numAckPending,
        int numRedelivered,
        int numWaiting,
        long numPending,
        boolean pushBound,
        String pinnedId,
        long pinnedWallNanos) {}
