package io.natsspring.broker.internal.jetstream;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * The JetStream service's shared threads: one for direct gets, one scheduler for timers (max-age expiry, consumer
 * ticks, advisories from network threads). The API thread belongs to the dispatcher; streams and their consumers
 * have threads of their own.
 */
final class JetStreamExecutors implements AutoCloseable {

    final ExecutorService directGet = Executors.newSingleThreadExecutor(daemon("js-direct-get"));
    final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("js-timers"));

    JetStreamExecutors() {
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Stops direct gets, drops pending timers. */
    @Override
    public void close() {
        directGet.shutdown();
        timers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
