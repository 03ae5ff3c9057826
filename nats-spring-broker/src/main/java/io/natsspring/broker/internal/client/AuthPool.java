package io.natsspring.broker.internal.client;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs credential checks (bcrypt takes up to hundreds of milliseconds) off the event loops, on a fixed number of
 * threads with a bounded queue, so that a flood of CONNECTs cannot create threads: their number never depends on
 * the number of clients. When the queue is full, a check waits on its connection's event loop and is offered
 * again shortly; meanwhile the connection's input stays held back and its auth timeout still runs (until its
 * check starts). Idle threads end after a while. One pool serves every broker in the JVM.
 */
final class AuthPool {

    /** Threads of the shared pool: one per core, at least two. */
    static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Checks the shared pool queues before a connection has to wait for room. */
    static final int QUEUE_CAPACITY = 1024;
    /** Name prefix of the pool's threads. */
    static final String THREAD_NAME = "nats-broker-auth";

    static final AuthPool SHARED = new AuthPool(THREADS, QUEUE_CAPACITY, 10);

    private static final long KEEP_ALIVE_SECONDS = 30;

    private final ThreadPoolExecutor executor;
    private final long retryMillis;

    AuthPool(int threads, int queueCapacity, long retryMillis) {
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                new DefaultThreadFactory(THREAD_NAME, true),
                new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
        this.retryMillis = retryMillis;
    }

    /**
     * Runs {@code check} on the pool. When the queue is full the check is offered again after a short delay on
     * {@code loop}, for as long as {@code waiting} says the connection still waits for it.
     */
    void submit(Runnable check, EventExecutor loop, BooleanSupplier waiting) {
        if (!waiting.getAsBoolean()) {
            return;
        }
        try {
            executor.execute(check);
        } catch (RejectedExecutionException full) {
            loop.schedule(() -> submit(check, loop, waiting), retryMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Live threads of this pool (for monitoring and tests). */
    int threadCount() {
        return executor.getPoolSize();
    }
}
