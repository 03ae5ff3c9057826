package io.natsspring.annotation.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Micrometer meters per listener: the timer {@code nats.listener.process} tagged with {@code outcome}, the gauge
 * {@code nats.listener.in.flight} and, for JetStream, the gauge {@code nats.listener.consumer.lag} (messages pending
 * in the consumer as of the latest delivery), and the counters {@code nats.listener.messages.given.up} (every message
 * the listener gave up on: terminated after its last allowed delivery or a non-retryable failure) and
 * {@code nats.listener.messages.dead.lettered} (those a dead-letter handler took), both tagged with {@code reason}
 * ({@code max_deliveries}, {@code non_retryable}). All carry {@code listener.id} and {@code listener.kind} tags.
 */
public final class MicrometerListenerMetrics implements ListenerMetrics {

    /** Timer name. */
    public static final String PROCESS = "nats.listener.process";
    /** In-flight gauge name. */
    public static final String IN_FLIGHT = "nats.listener.in.flight";
    /** Lag gauge name. */
    public static final String LAG = "nats.listener.consumer.lag";
    /** Counter of messages given up on. */
    public static final String GIVEN_UP = "nats.listener.messages.given.up";
    /** Counter of messages handed to a dead-letter handler. */
    public static final String DEAD_LETTERED = "nats.listener.messages.dead.lettered";

    private final MeterRegistry registry;

    public MicrometerListenerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ListenerMeters register(String listenerId, String kind, IntSupplier inFlight, LongSupplier lag) {
        Tags tags = Tags.of("listener.id", listenerId, "listener.kind", kind);
        Gauge.builder(IN_FLIGHT, inFlight, IntSupplier::getAsInt)
                .tags(tags)
                .strongReference(true)
                .description("Messages being handled by the listener")
                .register(registry);
        if ("jetstream".equals(kind)) {
            Gauge.builder(LAG, lag, LongSupplier::getAsLong)
                    .tags(tags)
                    .strongReference(true)
                    .description("Messages pending in the consumer as of the latest delivery")
                    .register(registry);
        }
        Map<ListenerOutcome, Timer> timers = new EnumMap<>(ListenerOutcome.class);
        for (ListenerOutcome outcome : ListenerOutcome.values()) {
            timers.put(
                    outcome,
                    Timer.builder(PROCESS)
                            .tags(tags)
                            .tag("outcome", outcome.tag())
                            .description("Time spent handling a message")
                            .register(registry));
        }
        return new ListenerMeters() {

            @Override
            public void record(ListenerOutcome outcome, long durationNanos) {
                timers.get(outcome).record(durationNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void givenUp(String reason, boolean deadLettered) {
                Counter.builder(GIVEN_UP)
                        .tags(tags)
                        .tag("reason", reason)
                        .baseUnit("messages")
                        .description("Messages the listener gave up on (terminated)")
                        .register(registry)
                        .increment();
                if (deadLettered) {
                    Counter.builder(DEAD_LETTERED)
                            .tags(tags)
                            .tag("reason", reason)
                            .baseUnit("messages")
                            .description("Messages handed to a dead-letter handler")
                            .register(registry)
                            .increment();
                }
            }
        };
    }
}
