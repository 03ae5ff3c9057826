package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A consumer's pause ({@code pause_until}, ADR-42's companion in 2.11): while paused nothing is delivered; a timer
 * resumes delivery at the deadline. Every change of the pause, and its end, is announced with the
 * {@code consumer_pause} advisory, as {@code nats-server} does. Consumer thread only.
 */
final class ConsumerPause {

    private final StreamConsumers host;
    private final Consumer consumer;
    private ScheduledFuture<?> resume;

    ConsumerPause(StreamConsumers host, Consumer consumer) {
        this.host = host;
        this.consumer = consumer;
    }

    /** Nanoseconds until the pause ends, 0 when not paused. */
    static long remaining(ConsumerConfig c) {
        long now = ApiTime.nowNanos();
        return c.pausedAt(now) ? c.pauseUntilNanos() - now : 0;
    }

    /** A consumer was created (or restored): a pause still ahead is announced and timed. */
    void started(boolean announce) {
        ConsumerConfig c = consumer.config();
        if (remaining(c) > 0) {
            if (announce) {
                host.advisories().paused(host.streamName(), consumer.name(), c.pauseUntilNanos());
            }
            arm(c.pauseUntilNanos());
        }
    }

    /** The configuration changed from {@code old}: announce and re-time a changed pause. */
    void changed(ConsumerConfig old, ConsumerConfig next) {
        if (old.pauseUntilNanos() == next.pauseUntilNanos()) {
            return;
        }
        cancel();
        host.advisories().paused(host.streamName(), consumer.name(), next.pauseUntilNanos());
        if (remaining(next) > 0) {
            arm(next.pauseUntilNanos());
        }
    }

    void cancel() {
        if (resume != null) {
            resume.cancel(false);
            resume = null;
        }
    }

    private void arm(long untilNanos) {
        long delay = Math.max(100_000L, untilNanos - ApiTime.nowNanos());
        resume = host.timers()
                .schedule(
                        () -> host.execute(() -> {
                            if (consumer.isClosed() || consumer.config().pauseUntilNanos() != untilNanos) {
                                return;
                            }
                            resume = null;
                            if (remaining(consumer.config()) > 0) {
                                arm(untilNanos); // the timer ran a little early against the wall clock
                                return;
                            }
                            host.advisories().paused(host.streamName(), consumer.name(), untilNanos);
                            consumer.deliver();
                        }),
                        delay,
                        TimeUnit.NANOSECONDS);
    }
}
