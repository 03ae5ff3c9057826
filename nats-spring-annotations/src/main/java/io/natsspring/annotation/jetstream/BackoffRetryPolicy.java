package io.natsspring.annotation.jetstream;

import java.time.Duration;
import java.util.List;

/**
 * Redelivers after the n-th delay of a list for the n-th failure, repeating the last one; an empty list redelivers
 * at once. Built from {@code @JetStreamConsumer(backoff = ...)} or from the consumer's configured backoff.
 */
public final class BackoffRetryPolicy implements RetryPolicy {

    private final List<Duration> delays;

    public BackoffRetryPolicy(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    @Override
    public Duration nakDelay(long deliveredCount, Throwable failure) {
        if (delays.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.min(Math.max(deliveredCount - 1, 0), delays.size() - 1);
        return delays.get(index);
    }

    /** The configured delays. */
    public List<Duration> delays() {
        return delays;
    }
}
