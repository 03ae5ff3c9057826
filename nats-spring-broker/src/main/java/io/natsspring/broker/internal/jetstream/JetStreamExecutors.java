package io.natsspring.broker.internal.jetstream;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The JetStream service's shared threads: one for API requests, one for direct gets, one scheduler for timers
 * (max-age expiry, consumer ticks). Streams and their consumers have threads of their own.
 */
final class JetStreamExecutors implements AutoCloseable {

    final ExecutorService api = Executors.newSingleThreadExecutor(daemon("js-api"));
    final ExecutorService directGet = Executors.newSingleThreadExecutor(daemon("js-direct-get"));
    final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("js-timers"));

    JetStreamExecutors() {
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Lets queued API work finish (up to 5 s), drops pending timers. */
    @Override
    public void close() {
        api.shutdown();
        directGet.shutdown();
        timers.shutdownNow();
        try {
            api.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
