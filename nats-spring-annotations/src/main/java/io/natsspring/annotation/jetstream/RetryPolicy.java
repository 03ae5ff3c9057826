package io.natsspring.annotation.jetstream;

import java.time.Duration;

/**
 * Chooses the redelivery delay after a retryable failure. Declare a bean (or set one through a
 * {@code NatsListenerConfigurer}) to override the consumer's {@code backoff}.
 */
@FunctionalInterface
public interface RetryPolicy {

    /**
     * @param deliveredCount deliveries so far, the failed one included (1 on the first failure)
     * @return the delay before redelivery; zero redelivers at once
     */
    Duration nakDelay(long deliveredCount, Throwable failure);
}
