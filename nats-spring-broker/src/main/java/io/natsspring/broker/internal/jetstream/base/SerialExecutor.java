package io.natsspring.broker.internal.jetstream.base;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared {@link WorkerPool}: the single-writer guarantee of a
 * dedicated thread without the thread. A run takes a bounded time slice ({@value #MAX_TASKS} tasks or
 * {@value #SLICE_MILLIS} ms, whichever comes first) and then queues itself behind the other executors, so one busy
 * stream cannot starve the others; a task that blocks holds only its own worker. Failures are logged.
 */
public final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final ThreadLocal<SerialExecutor> CURRENT = new ThreadLocal<>();
    static final int MAX_TASKS = 64;
    static final long SLICE_MILLIS = 5;

    private final String name;
    private final Executor pool;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** {@link #runSlice} as the pool's task, made once (not a new lambda per hand-off). */
    private final Runnable slice = this::runSlice;

    /** An executor named {@code name} (for logs) on the shared worker pool. */
    public SerialExecutor(String name) {
        this(name, WorkerPool.shared());
    }

    public SerialExecutor(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** Whether the calling code runs as a task of this executor. */
    public boolean isCurrent() {
        return CURRENT.get() == this;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(slice);
        }
    }

    private void runSlice() {
        SerialExecutor outer = CURRENT.get();
        CURRENT.set(this);
        try {
            long deadline = System.nanoTime() + SLICE_MILLIS * 1_000_000;
            for (int n = 0; n < MAX_TASKS; n++) {
                Runnable r = tasks.poll();
                if (r == null) {
                    break;
                }
                try {
                    r.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "Task of '" + name + "' failed", e);
                }
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
            }
        } finally {
            CURRENT.set(outer);
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
