package io.natsspring.broker.internal.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An account's {@code msg_trace { dest, sampling }}: where the trace events of messages carrying a sampled W3C
 * {@code traceparent} go, and the percentage of them traced (1–100).
 */
public record TraceDestination(String dest, int sampling) {

    /** Whether this message is traced, drawn as {@code nats-server} does. */
    public boolean sample() {
        if (sampling <= 0 || sampling >= 100) {
            return true;
        }
        // as nats-server: rand.Int31n(100) <= sampling
        return ThreadLocalRandom.current().nextInt(100) <= sampling;
    }
}
