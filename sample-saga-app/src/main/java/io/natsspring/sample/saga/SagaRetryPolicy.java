package io.natsspring.sample.saga;

import io.natsspring.annotation.jetstream.RetryPolicy;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * How long a failed event waits before its redelivery, for every listener: 250 ms times the deliveries so far, at
 * most 5 s. (After {@code saga.listener.max-deliver} deliveries the event is dead-lettered instead.)
 */
@Component
public class SagaRetryPolicy implements RetryPolicy {

    @Override
    public Duration nakDelay(long deliveredCount, Throwable failure) {
        return Duration.ofMillis(Math.min(5_000, 250 * Math.max(1, deliveredCount)));
    }
}
