package io.natsspring.broker.internal.jetstream.base;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide pool of JetStream workers ({@code js-worker-N}) that runs every stream's writer and every stream's
 * consumers, each through its own {@link SerialExecutor}, so the number of threads does not grow with the number
 * of streams. Its size is {@value #SIZE_PROPERTY} when set, otherwise twice the processors, at least
 * {@value #MIN_SIZE}. Its queue holds at most one entry per serial executor (each queues itself once).
 */
public final class WorkerPool {

    /** System property that sets the number of workers. */
    public static final String SIZE_PROPERTY = "natsspring.jetstream.workers";
    /** Prefix of the workers' thread names. */
    public static final String THREAD_PREFIX = "js-worker-";

    static final int MIN_SIZE = 4;

    private static volatile Executor shared;

    private WorkerPool() {}

    /** The number of workers the pool is (or will be) created with. */
    public static int size() {
        Integer configured = Integer.getInteger(SIZE_PROPERTY);
        if (configured != null && configured > 0) {
            return configured;
        }
        return Math.max(MIN_SIZE, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** The shared pool, created on first use; its threads are daemons and idle ones end after a minute. */
    public static Executor shared() {
        Executor e = shared;
        if (e == null) {
            synchronized (WorkerPool.class) {
                e = shared;
                if (e == null) {
                    int n = size();
                    AtomicInteger ids = new AtomicInteger();
                    ThreadPoolExecutor pool =
                            new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, THREAD_PREFIX + ids.incrementAndGet());
                                t.setDaemon(true);
                                return t;
                            });
                    pool.allowCoreThreadTimeOut(true);
                    shared = pool;
                    e = pool;
                }
            }
        }
        return e;
    }
}
