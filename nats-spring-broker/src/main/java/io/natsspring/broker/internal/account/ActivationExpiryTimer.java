package io.natsspring.broker.internal.account;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One pending action at the second the next activation token of an applied JWT import expires, as
 * {@code nats-server}'s activation timers: re-scheduled after each start, reload and expiry; a daemon thread made
 * only when a token expires.
 */
public final class ActivationExpiryTimer implements AutoCloseable {

    private ScheduledThreadPoolExecutor scheduler;
    private ScheduledFuture<?> pending;

    /** Runs {@code action} once at {@code epochSecond} (none when 0), replacing what was pending. */
    public synchronized void schedule(long epochSecond, Runnable action) {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (epochSecond <= 0) {
            return;
        }
        if (scheduler == null) {
            scheduler = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("nats-broker-activation", true));
            scheduler.setRemoveOnCancelPolicy(true);
        }
        // a few ms past the second: the token is expired by the wall clock when the action looks
        long delay = Math.max(10, epochSecond * 1000 - System.currentTimeMillis() + 5);
        pending = scheduler.schedule(action, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        pending = null;
    }
}
