package io.natsspring.annotation.listener;

import java.time.Duration;
import java.util.List;

/**
 * What a {@code @JetStreamConsumer} gets when it leaves {@code maxDeliver} or {@code backoff} unset, so that a
 * message that always fails is neither redelivered forever nor at once.
 *
 * @param maxDeliver deliveries of one message before it is given up, set on the consumers the listeners create;
 *        {@code -1} for unlimited
 * @param backoff the delays of the naks after failures (the last one repeats) when neither the annotation nor the
 *        consumer has a backoff; empty redelivers at once. Not written into the consumer: the server would replace
 *        its {@code ack_wait} with the first delay
 */
public record ConsumerDefaults(long maxDeliver, List<Duration> backoff) {

    /** 5 deliveries; redelivery after 1s, 5s, then 30s. */
    public static final ConsumerDefaults STANDARD =
            new ConsumerDefaults(5, List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)));

    public ConsumerDefaults {
        backoff = List.copyOf(backoff);
        if (maxDeliver == 0 || maxDeliver < -1) {
            throw new IllegalArgumentException("Default max-deliver must be positive or -1 (unlimited): " + maxDeliver);
        }
        for (Duration delay : backoff) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("Default backoff delays must not be negative: " + backoff);
            }
        }
    }
}
