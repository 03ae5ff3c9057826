package io.natsspring.broker.internal.system;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system account's one worker thread behind a bounded queue. Callers (clients' event loops, publishers) only
 * enqueue; when the queue is full the task is dropped and counted, so a burst of events or requests never blocks
 * a client.
 */
public final class SystemQueue implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SystemQueue.class.getName());

    /** Default capacity. */
    public static final int DEFAULT_CAPACITY = 8192;

    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    public SystemQueue(int capacity) {
        this.executor =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "nats-broker-system");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code task} on the system thread; returns {@code false} (and counts a drop) when the queue is full. */
    public boolean submit(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "system account task failed: " + e, e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                LOG.log(System.Logger.Level.WARNING, "system account queue full: {0} events or requests dropped", n);
            }
            return false;
        }
    }

    /** Tasks dropped because the queue was full (or the queue closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Stops the thread; queued tasks are discarded. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
