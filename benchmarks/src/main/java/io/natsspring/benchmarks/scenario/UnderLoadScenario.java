package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.natsspring.benchmarks.measure.LatencyRecorder;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.VerificationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency of one operation at a time while a {@link BackgroundPublisher} on its own connection saturates a JetStream
 * file stream (issue 18, "latency under load"). The subclass prepares the measured operation (its own connections
 * and streams); this class starts the load first, waits until it runs at full speed, then times the operations.
 * Besides the latency percentiles the result line gets the load's rate ({@code bg_msgs_per_sec}, counted over the
 * measured span) and the server's CPU per message of either kind ({@code server_cpu_ns_per_all_msg}); a failed
 * background publish fails the run like a wrong reply does.
 */
abstract class UnderLoadScenario extends PhasedScenario {

    /** Background acks outstanding: enough to keep the server's stream writer busy, few enough not to starve. */
    static final int BACKGROUND_WINDOW = 2_000;

    /** The load runs at full speed once this many messages are acked (or after {@link #RAMP_UP}). */
    private static final long RAMP_UP_ACKS = 4L * BACKGROUND_WINDOW;

    private static final Duration RAMP_UP = Duration.ofSeconds(2);

    UnderLoadScenario(String name, String description) {
        super(name, description, Kind.LATENCY_UNDER_LOAD, true, List.of(128));
    }

    /** The measured operation on its own connections, set up before the span starts and closed after it. */
    interface Operation extends AutoCloseable {

        /** Does operation {@code n} (1-based) and checks its answer. */
        void perform(long n) throws Exception;

        /** Checks what the server holds after {@code count} operations. */
        default void verify(long count) throws Exception {}

        @Override
        void close() throws Exception;
    }

    /** Prepares the measured operation for {@code phase} (names made from it are unique to the run). */
    abstract Operation prepare(ScenarioContext context, Payloads payloads, String phase) throws Exception;

    @Override
    final Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection load = context.connection("background");
        context.requireJetStream(load);
        String loadPhase = phase + "_load";
        try (BackgroundPublisher background = new BackgroundPublisher(
                        load, context.name(loadPhase), context.subject(loadPhase), BACKGROUND_WINDOW, payloads.size());
                Operation operation = prepare(context, payloads, phase)) {
            background.awaitAcked(RAMP_UP_ACKS, RAMP_UP);
            LatencyRecorder latency = new LatencyRecorder();
            ResourceMeter.Span span = context.meter().begin();
            long loadBefore = background.acked();
            long n = 0;
            long start = System.nanoTime();
            while (budget.more(n, start)) {
                long t0 = System.nanoTime();
                operation.perform(++n);
                latency.record(System.nanoTime() - t0);
            }
            long loadMsgs = background.acked() - loadBefore;
            ResourceUsage usage = span.end();
            operation.verify(n);
            if (background.failures() > 0) {
                throw new VerificationException(
                        background.failures() + " background publish failure(s), first: " + background.firstFailure());
            }
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("bg_msgs", Long.toString(loadMsgs));
            extra.put("bg_msgs_per_sec", Long.toString(Math.round(loadMsgs / (usage.wallNanos() / 1e9))));
            extra.put("bg_window", Integer.toString(BACKGROUND_WINDOW));
            if (usage.serverCpuNanos() >= 0) {
                extra.put("server_cpu_ns_per_all_msg", Long.toString(usage.serverCpuNanos() / (n + loadMsgs)));
            }
            return new Measurement(n, payloads.size(), usage, latency.summary(), extra);
        }
    }
}
