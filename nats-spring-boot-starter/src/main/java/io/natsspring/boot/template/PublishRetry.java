package io.natsspring.boot.template;

import java.time.Duration;

/**
 * Bounded retries of a JetStream publish that met an unavailable JetStream (no responders, or "temporarily
 * unavailable"): up to {@code maxAttempts} attempts in all, waiting {@code initialWait} before the first retry and
 * twice as long before each further one, at most {@code maxWait}. ADR-22 recommends 3 attempts, 250 ms apart.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialWait wait before the first retry
 * @param maxWait     longest wait between two attempts
 */
public record PublishRetry(int maxAttempts, Duration initialWait, Duration maxWait) {

    /** ADR-22's defaults: 3 attempts, 250 ms, then 500 ms. */
    public static final PublishRetry DEFAULT = new PublishRetry(3, Duration.ofMillis(250), Duration.ofSeconds(2));

    /** No retry: one attempt. */
    public static final PublishRetry NONE = new PublishRetry(1, Duration.ZERO, Duration.ZERO);

    public PublishRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "nats.template.publish-retry.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (initialWait == null || initialWait.isNegative()) {
            throw new IllegalArgumentException(
                    "nats.template.publish-retry.initial-wait must not be negative, was " + initialWait);
        }
        if (maxWait == null || maxWait.compareTo(initialWait) < 0) {
            throw new IllegalArgumentException("nats.template.publish-retry.max-wait must be at least initial-wait ("
                    + initialWait + "), was " + maxWait);
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed ones (1-based). */
    public Duration waitAfter(int attempt) {
        Duration wait = initialWait;
        for (int i = 1; i < attempt && wait.compareTo(maxWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
