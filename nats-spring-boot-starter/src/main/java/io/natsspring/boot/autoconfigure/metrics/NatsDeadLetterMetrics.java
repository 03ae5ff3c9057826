package io.natsspring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterRouter;

/**
 * Counts the messages the {@link DeadLetterRouter} copied into the dead-letter stream: the counter
 * {@value #ROUTED}, tagged with {@code stream}, {@code consumer} and {@code reason} ({@code max_deliveries} or
 * {@code terminated}). Each routed message is also logged at WARN by the router.
 */
public class NatsDeadLetterMetrics {

    /** Counter of messages routed to the dead-letter stream. */
    public static final String ROUTED = "nats.deadletter.routed";

    public NatsDeadLetterMetrics(DeadLetterRouter router, MeterRegistry registry) {
        router.setRoutedListener((stream, consumer, reason) -> Counter.builder(ROUTED)
                .description("Messages copied into the dead-letter stream")
                .tag("stream", stream)
                .tag("consumer", consumer)
                .tag("reason", reason)
                .register(registry)
                .increment());
    }
}
