package io.natsspring.sample.saga;

import io.natsspring.annotation.jetstream.RetryPolicy;
import io.natsspring.boot.template.JetStreamAvailability;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * How long a failed event waits before its redelivery, for every listener: 250 ms times the deliveries so far, at
 * most 5 s. A failure because JetStream is unavailable (a cluster node died, a stream or bucket has no leader yet)
 * waits 2 s times the deliveries so far instead, so that the few deliveries allowed span a leader election.
 * (After {@code saga.listener.max-deliver} deliveries the event is dead-lettered instead.)
 */
@Component
public class SagaRetryPolicy implements RetryPolicy {

    @Override
    public Duration nakDelay(long deliveredCount, Throwable failure) {
        long attempts = Math.max(1, deliveredCount);
        if (JetStreamAvailability.isUnavailable(failure)) {
            return Duration.ofMillis(Math.min(10_000, 2_000 * attempts));
        }
        return Duration.ofMillis(Math.min(5_000, 250 * attempts));
    }
}
