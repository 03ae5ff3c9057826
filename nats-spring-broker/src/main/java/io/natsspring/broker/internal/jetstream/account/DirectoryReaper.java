package io.natsspring.broker.internal.jetstream.account;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deletes the directories of deleted streams in the background, as {@code nats-server} does after renaming a
 * deleted stream's directory out of the way: the API answers once the stream is stopped and its directory moved,
 * not after every file is unlinked. One daemon thread ({@value #THREAD_NAME}) for the whole JVM, started on demand
 * and gone after {@value #KEEP_ALIVE_SECONDS} s without work; at most {@value #QUEUE} directories wait, further
 * ones are deleted by the caller.
 */
final class DirectoryReaper {

    static final String THREAD_NAME = "js-store-reaper";
    static final int QUEUE = 1024;
    static final int KEEP_ALIVE_SECONDS = 2;

    private static final ThreadPoolExecutor EXECUTOR = create();
    private static final AtomicInteger PENDING = new AtomicInteger();

    private DirectoryReaper() {}

    private static ThreadPoolExecutor create() {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(
                1, 1, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, THREAD_NAME);
                    t.setDaemon(true);
                    return t;
                });
        ex.allowCoreThreadTimeOut(true);
        return ex;
    }

    /** Deletes {@code dir} with everything in it, later on the reaper thread, or now when its queue is full. */
    static void deleteLater(Path dir) {
        PENDING.incrementAndGet();
        try {
            EXECUTOR.execute(() -> {
                try {
                    StoreLayout.deleteDirectory(dir);
                } finally {
                    done();
                }
            });
        } catch (RejectedExecutionException e) {
            try {
                StoreLayout.deleteDirectory(dir);
            } finally {
                done();
            }
        }
    }

    private static void done() {
        synchronized (PENDING) {
            PENDING.decrementAndGet();
            PENDING.notifyAll();
        }
    }

    /** Waits up to {@code timeoutMillis} until no deletion is pending; returns whether none is. */
    static boolean awaitIdle(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (PENDING) {
            while (PENDING.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    PENDING.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return PENDING.get() == 0;
                }
            }
            return true;
        }
    }
}
