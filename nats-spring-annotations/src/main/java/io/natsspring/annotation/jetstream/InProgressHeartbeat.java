package io.natsspring.annotation.jetstream;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps long-running handlers' messages alive: while a handler runs, sends {@code +WPI} (in progress) every half
 * ack-wait so the server does not redeliver it to another consumer instance. One daemon thread serves all listeners.
 */
public final class InProgressHeartbeat implements AutoCloseable {

    private static final long MIN_PERIOD_MILLIS = 50;

    private final ScheduledExecutorService scheduler;

    public InProgressHeartbeat() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("nats-listener-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    /**
     * Starts beating for one message until the returned handle is cancelled or the message is settled.
     *
     * @param ackWait the consumer's ack wait; the period is half of it
     */
    public ScheduledFuture<?> start(Acknowledgment acknowledgment, Duration ackWait) {
        long period = Math.max(MIN_PERIOD_MILLIS, ackWait.toMillis() / 2);
        return scheduler.scheduleAtFixedRate(
                () -> {
                    if (!acknowledgment.isSettled()) {
                        try {
                            acknowledgment.inProgress();
                        } catch (RuntimeException ignored) {
                            // connection trouble: the server redelivers after ack-wait, which is the at-least-once
                            // contract
                        }
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
