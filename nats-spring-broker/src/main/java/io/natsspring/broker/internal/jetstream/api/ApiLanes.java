package io.natsspring.broker.internal.jetstream.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Where JetStream API requests run, so that one slow request delays only the requests that must wait for it. Each
 * request belongs to one {@link ApiLane}:
 *
 * <ul>
 *   <li>{@link ApiLane.Kind#READ} (account, stream and consumer info, names, lists, message get) runs on the read
 *       threads, in no particular order, without waiting for any administration request;
 *   <li>{@link ApiLane.Kind#STREAM} (purge, message delete, consumer create/delete/pause/…) runs in arrival order
 *       with the other requests on the same stream, in parallel with other streams' requests;
 *   <li>{@link ApiLane.Kind#STREAMS} (stream create, update, delete) runs in arrival order in one lane of the
 *       account, so that account-wide checks (stream count, subject overlap between streams) see a stable set of
 *       streams, as on the single API thread before; meanwhile no request on the same stream runs;
 *   <li>{@link ApiLane.Kind#EXCLUSIVE} (anything not classified) runs in that lane too, alone.
 * </ul>
 *
 * Requests waiting to start are counted in two queues, as {@code nats-server} counts its API queue and its info
 * queue: the reads, and everything else; {@link #dropQueuedReads()} and {@link #dropQueuedAdmin()} discard the
 * waiting requests of one (the request queue limits). Threads: {@value #ADMIN_THREADS} for the administration lanes, {@value #READ_THREADS} for reads, started
 * on demand and ended after {@value #IDLE_SECONDS} s idle. The
 * exclusion per stream uses {@value #STRIPES} striped locks (bounded, whatever names clients send).
 */
final class ApiLanes {

    static final int ADMIN_THREADS = 3;
    static final int READ_THREADS = 2;
    static final int STRIPES = 256;
    /** An API thread idle this long ends (threads are started again on demand). */
    static final long IDLE_SECONDS = 30;

    /** The lane of stream create/update/delete and unclassified requests. */
    private static final String ACCOUNT_LANE = "";

    private final ThreadPoolExecutor admin;
    private final ThreadPoolExecutor reads;
    private final ReentrantReadWriteLock streamsLock = new ReentrantReadWriteLock();
    private final Map<String, ArrayDeque<Runnable>> lanes = new HashMap<>();
    private final AtomicInteger adminWaiting = new AtomicInteger();
    private final ReentrantLock[] streamLocks = new ReentrantLock[STRIPES];

    ApiLanes() {
        this.admin = pool(ADMIN_THREADS, "js-api-");
        this.reads = pool(READ_THREADS, "js-api-read-");
        for (int i = 0; i < STRIPES; i++) {
            streamLocks[i] = new ReentrantLock();
        }
    }

    private static ThreadPoolExecutor pool(int threads, String prefix) {
        AtomicInteger ids = new AtomicInteger();
        // unbounded in type, bounded in use: the dispatcher drops every queued request at its queue limit
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // an account that stopped making requests holds no thread
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Queues {@code task} on {@code lane}.
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    void execute(ApiLane lane, Runnable task) {
        if (lane.kind() == ApiLane.Kind.READ) {
            reads.execute(task);
            return;
        }
        if (admin.isShutdown()) {
            throw new RejectedExecutionException("JetStream API stopped");
        }
        Lock outer = lane.kind() == ApiLane.Kind.EXCLUSIVE ? streamsLock.writeLock() : streamsLock.readLock();
        Lock inner = lane.kind() == ApiLane.Kind.EXCLUSIVE
                ? null
                : streamLocks[Math.floorMod(lane.stream().hashCode(), STRIPES)];
        String key = lane.kind() == ApiLane.Kind.STREAM ? "stream:" + lane.stream() : ACCOUNT_LANE;
        Runnable guarded = () -> {
            outer.lock();
            try {
                if (inner != null) {
                    inner.lock();
                }
                try {
                    task.run();
                } finally {
                    if (inner != null) {
                        inner.unlock();
                    }
                }
            } finally {
                outer.unlock();
            }
        };
        boolean start;
        synchronized (lanes) {
            ArrayDeque<Runnable> q = lanes.get(key);
            start = q == null;
            if (start) {
                q = new ArrayDeque<>();
                lanes.put(key, q);
            }
            q.add(guarded);
            adminWaiting.incrementAndGet();
        }
        if (start) {
            try {
                admin.execute(() -> drain(key));
            } catch (RejectedExecutionException e) {
                synchronized (lanes) {
                    ArrayDeque<Runnable> q = lanes.remove(key);
                    if (q != null) {
                        adminWaiting.addAndGet(-q.size());
                    }
                }
                throw e;
            }
        }
    }

    /** Runs the next request of lane {@code key}, then hands the lane back to the pool (fair between lanes). */
    private void drain(String key) {
        Runnable next;
        synchronized (lanes) {
            ArrayDeque<Runnable> q = lanes.get(key);
            next = q == null ? null : q.poll();
            if (next == null) {
                lanes.remove(key);
                return;
            }
            adminWaiting.decrementAndGet();
        }
        try {
            next.run();
        } finally {
            boolean more;
            synchronized (lanes) {
                ArrayDeque<Runnable> q = lanes.get(key);
                more = q != null && !q.isEmpty();
                if (!more) {
                    lanes.remove(key);
                }
            }
            if (more) {
                try {
                    admin.execute(() -> drain(key));
                } catch (RejectedExecutionException e) {
                    synchronized (lanes) {
                        ArrayDeque<Runnable> q = lanes.remove(key);
                        if (q != null) {
                            adminWaiting.addAndGet(-q.size());
                        }
                    }
                }
            }
        }
    }

    /** Requests queued and not started yet, on every lane. */
    int queued() {
        return queuedAdmin() + queuedReads();
    }

    /** Administration requests (every lane but the reads) queued and not started yet. */
    int queuedAdmin() {
        return adminWaiting.get();
    }

    /** Reads queued and not started yet. */
    int queuedReads() {
        return reads.getQueue().size();
    }

    /** Discards every queued request that has not started; returns how many. */
    int dropQueued() {
        return dropQueuedAdmin() + dropQueuedReads();
    }

    /** Discards every queued administration request that has not started; returns how many. */
    int dropQueuedAdmin() {
        int dropped = 0;
        synchronized (lanes) {
            for (ArrayDeque<Runnable> q : lanes.values()) {
                dropped += q.size();
                adminWaiting.addAndGet(-q.size());
                q.clear();
            }
        }
        return dropped;
    }

    /** Discards every queued read that has not started; returns how many. */
    int dropQueuedReads() {
        return reads.getQueue().drainTo(new ArrayList<>());
    }

    /** Stops taking requests; the queued ones still run, waiting up to {@code seconds} in all. */
    void shutdown(long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        reads.shutdown();
        try {
            // the admin lanes resubmit themselves: wait until they are empty before shutting the pool down
            while (System.nanoTime() < deadline) {
                synchronized (lanes) {
                    if (lanes.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(5);
            }
            admin.shutdown();
            admin.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            reads.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
