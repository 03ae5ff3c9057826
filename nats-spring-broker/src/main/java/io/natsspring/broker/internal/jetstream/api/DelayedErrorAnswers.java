package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The error answers {@code nats-server} sends half a second late ({@code sendDelayedAPIErrResponse},
 * {@code errRespDelay}): on a single server, "stream is offline" (10194) to a stream update, stream info or consumer
 * create, and "consumer is offline" (10195) to a consumer create or consumer info. The answer and its audit advisory
 * are sent by a timer, no thread waits; the answers still pending when JetStream stops are dropped (as nats-server's
 * delayed responder drops its list on shutdown). At most {@link #LIMIT} wait; beyond that an answer goes at once.
 */
final class DelayedErrorAnswers {

    /** {@code nats-server}'s {@code errRespDelay}. */
    static final long DELAY_MILLIS = 500;
    /** Most answers waiting for their delay. */
    static final int LIMIT = 10_000;

    private static final String PREFIX = "$JS.API.";

    private final ScheduledExecutorService timers;
    private final AtomicInteger pending = new AtomicInteger();

    /** Delays on {@code timers} when it is a scheduler; otherwise answers are never delayed. */
    DelayedErrorAnswers(Executor timers) {
        this.timers = timers instanceof ScheduledExecutorService s ? s : null;
    }

    /** Whether {@code nats-server} delays {@code error} as the answer to a request on {@code subject}. */
    static boolean delays(String subject, ApiError error) {
        if (!subject.startsWith(PREFIX)) {
            return false;
        }
        String rest = subject.substring(PREFIX.length());
        boolean consumerCreate = rest.startsWith("CONSUMER.CREATE.") || rest.startsWith("CONSUMER.DURABLE.CREATE.");
        if (error.errCode() == JsApiError.STREAM_OFFLINE_REASON.errCode()) {
            return consumerCreate || rest.startsWith("STREAM.UPDATE.") || rest.startsWith("STREAM.INFO.");
        }
        if (error.errCode() == JsApiError.CONSUMER_OFFLINE_REASON.errCode()) {
            return consumerCreate || rest.startsWith("CONSUMER.INFO.");
        }
        return false;
    }

    /**
     * Runs {@code send} after the delay. Returns {@code false} when it cannot be delayed (no scheduler, too many
     * waiting): the caller sends at once.
     */
    boolean schedule(Runnable send) {
        if (timers == null) {
            return false;
        }
        if (pending.incrementAndGet() > LIMIT) {
            pending.decrementAndGet();
            return false;
        }
        try {
            timers.schedule(
                    () -> {
                        pending.decrementAndGet();
                        send.run();
                    },
                    DELAY_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            pending.decrementAndGet(); // JetStream is stopping: dropped, as nats-server does
        }
        return true;
    }
}
