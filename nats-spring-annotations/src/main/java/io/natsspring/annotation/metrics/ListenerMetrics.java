package io.natsspring.annotation.metrics;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Creates the per-listener metric recorders. */
public interface ListenerMetrics {

    /** Metrics that record nothing. */
    ListenerMetrics NONE = (id, kind, inFlight, lag) -> (outcome, nanos) -> {};

    /**
     * Registers the meters of one listener.
     *
     * @param listenerId the container id ({@code listener.id} tag)
     * @param kind {@code core} or {@code jetstream} ({@code listener.kind} tag)
     * @param inFlight messages being handled now
     * @param lag messages waiting in the consumer (JetStream) or {@code -1}
     */
    ListenerMeters register(String listenerId, String kind, IntSupplier inFlight, LongSupplier lag);

    /** The recorder of one listener. */
    @FunctionalInterface
    interface ListenerMeters {

        /** Records one handled message. */
        void record(ListenerOutcome outcome, long durationNanos);

        /**
         * Records a JetStream message the listener gave up on.
         *
         * @param reason {@code max_deliveries} or {@code non_retryable}
         * @param deadLettered whether a dead-letter handler took it (else it was only terminated)
         */
        default void givenUp(String reason, boolean deadLettered) {}
    }
}
