package io.natsspring.annotation.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters per listener: the timer {@code nats.listener.process} tagged with {@code outcome}, the gauge
 * {@code nats.listener.in.flight} and, for JetStream, the gauge {@code nats.listener.consumer.lag} (messages pending
 * in the consumer as of the latest delivery). All carry {@code listener.id} and {@code listener.kind} tags.
 */
public final class MicrometerListenerMetrics implements ListenerMetrics {

    /** Timer name. */
    public static final String PROCESS = "nats.listener.process";
    /** In-flight gauge name. */
    public static final String IN_FLIGHT = "nats.listener.in.flight";
    /** Lag gauge name. */
    public static final String LAG = "nats.listener.consumer.lag";

    private final MeterRegistry registry;

    public MicrometerListenerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ListenerMeters register(String listenerId, String kind, IntSupplier inFlight, LongSupplier lag) {
        Tags tags = Tags.of("listener.id", listenerId, "listener.kind", kind);
        Gauge.builder(IN_FLIGHT, inFlight, IntSupplier::getAsInt).tags(tags).strongReference(true)
                .description("Messages being handled by the listener").register(registry);
        if ("jetstream".equals(kind)) {
            Gauge.builder(LAG, lag, LongSupplier::getAsLong).tags(tags).strongReference(true)
                    .description("Messages pending in the consumer as of the latest delivery").register(registry);
        }
        Map<ListenerOutcome, Timer> timers = new EnumMap<>(ListenerOutcome.class);
        for (ListenerOutcome outcome : ListenerOutcome.values()) {
            timers.put(outcome, Timer.builder(PROCESS).tags(tags).tag("outcome", outcome.tag())
                    .description("Time spent handling a message").register(registry));
        }
        return (outcome, nanos) -> timers.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }
}
