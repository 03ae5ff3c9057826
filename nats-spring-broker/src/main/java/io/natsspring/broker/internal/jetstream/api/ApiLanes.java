package io.natsspring.broker.internal.jetstream.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 *       threads, in no particular order; a read about a stream first waits for the requests on that stream that
 *       arrived before it (so a client that pipelines a consumer create and a consumer list sees its consumer);
 *   <li>{@link ApiLane.Kind#STREAM} (purge, message delete, consumer create/delete/pause/…) runs in arrival order
 *       with the other requests on the same stream, in parallel with other streams' requests;
 *   <li>{@link ApiLane.Kind#STREAMS} (stream create, update, delete) runs in arrival order in one lane of the
 *       account, so that account-wide checks (stream count, subject overlap between streams) see a stable set of
 *       streams, as on the single API thread before; it also waits for the earlier requests on the same stream;
 *   <li>{@link ApiLane.Kind#EXCLUSIVE} (anything not classified) runs in that lane too, after every earlier request
 *       and alone.
 * </ul>
 *
 * A request whose earlier requests have not finished holds no thread meanwhile: its lane resumes when they have
 * (a request's turn ends when its handler returns, as on the single API thread before). Requests waiting to start
 * are counted in two queues, as {@code nats-server} counts its API queue and its info queue: the reads, and
 * everything else; {@link #dropQueuedReads()} and {@link #dropQueuedAdmin()} discard the waiting requests of one
 * (the request queue limits). Threads: {@value #ADMIN_THREADS} for the administration lanes, {@value #READ_THREADS}
 * for reads, started on demand and ended after {@value #IDLE_SECONDS} s idle. Locks exclude a stream create,
 * update or delete and the requests on the same stream ({@value #STRIPES} striped locks, bounded whatever names
 * clients send) and an exclusive request and everything else.
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
    private final ReentrantLock[] streamLocks = new ReentrantLock[STRIPES];

    // guarded by "lanes": the administration lanes, and every administration request queued or running
    private final Map<String, ArrayDeque<Entry>> lanes = new HashMap<>();
    private final Map<String, Set<Entry>> unfinishedByStream = new HashMap<>();
    private final Set<Entry> unfinished = new LinkedHashSet<>();
    private final Set<Entry> unfinishedExclusive = new LinkedHashSet<>();
    private final Set<ReadTask> readsWaiting = new LinkedHashSet<>();
    private final AtomicInteger adminWaiting = new AtomicInteger();

    /** A request that others may wait for, finished once it ran or was dropped. */
    private static final class Entry {
        final Runnable task;
        final String stream;
        final boolean exclusive;
        final boolean read;
        final CompletableFuture<Void> ready;
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        Entry(Runnable task, String stream, boolean exclusive, boolean read, CompletableFuture<Void> ready) {
            this.task = task;
            this.stream = stream;
            this.exclusive = exclusive;
            this.read = read;
            this.ready = ready;
        }
    }

    /** A read about a stream on the read pool, finishing its entry when it ran. */
    private final class ReadTask implements Runnable {
        final Entry entry;

        ReadTask(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void run() {
            try {
                entry.task.run();
            } finally {
                finished(List.of(entry));
            }
        }
    }

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
     * @throws RejectedExecutionException after {@link #shutdown(long)}
     */
    void execute(ApiLane lane, Runnable task) {
        if (admin.isShutdown()) {
            throw new RejectedExecutionException("JetStream API stopped");
        }
        if (lane.kind() == ApiLane.Kind.READ) {
            read(lane, task);
            return;
        }
        boolean exclusive = lane.kind() == ApiLane.Kind.EXCLUSIVE;
        Lock outer = exclusive ? streamsLock.writeLock() : streamsLock.readLock();
        Lock inner = exclusive ? null : streamLocks[Math.floorMod(lane.stream().hashCode(), STRIPES)];
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
        String key = lane.kind() == ApiLane.Kind.STREAM ? "stream:" + lane.stream() : ACCOUNT_LANE;
        boolean start;
        synchronized (lanes) {
            Entry e = new Entry(
                    guarded,
                    exclusive ? null : lane.stream(),
                    exclusive,
                    false,
                    exclusive ? all(unfinished) : earlier(lane));
            track(e);
            ArrayDeque<Entry> q = lanes.get(key);
            start = q == null;
            if (start) {
                q = new ArrayDeque<>();
                lanes.put(key, q);
            }
            q.add(e);
            adminWaiting.incrementAndGet();
        }
        if (start) {
            submit(key);
        }
    }

    private void read(ApiLane lane, Runnable task) {
        if (lane.stream().isEmpty()) {
            reads.execute(task);
            return;
        }
        ReadTask read;
        boolean waits;
        synchronized (lanes) {
            read = new ReadTask(new Entry(task, lane.stream(), false, true, earlier(lane)));
            track(read.entry);
            waits = !read.entry.ready.isDone();
            if (waits) {
                readsWaiting.add(read);
            }
        }
        if (!waits) {
            executeRead(read);
            return;
        }
        read.entry.ready.whenComplete((v, failure) -> {
            boolean waiting;
            synchronized (lanes) {
                waiting = readsWaiting.remove(read);
                signalIfIdle();
            }
            if (waiting) {
                executeRead(read);
            }
        });
    }

    private void executeRead(ReadTask read) {
        try {
            reads.execute(read);
        } catch (RejectedExecutionException e) {
            finished(List.of(read.entry));
            throw e;
        }
    }

    /** Marks {@code entries} finished and lets whatever waits for them go on. */
    private void finished(List<Entry> entries) {
        synchronized (lanes) {
            entries.forEach(this::finish);
        }
        entries.forEach(e -> e.finished.complete(null));
    }

    /** Completes once the unfinished requests on {@code lane}'s stream and the exclusive ones have finished. */
    private CompletableFuture<Void> earlier(ApiLane lane) {
        boolean read = lane.kind() == ApiLane.Kind.READ;
        List<Entry> before = new ArrayList<>(unfinishedExclusive);
        for (Entry e : unfinishedByStream.getOrDefault(lane.stream(), Set.of())) {
            if (!(read && e.read)) {
                before.add(e);
            }
        }
        return all(before);
    }

    private static CompletableFuture<Void> all(java.util.Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(entries.stream().map(e -> e.finished).toArray(CompletableFuture[]::new));
    }

    private void track(Entry e) {
        unfinished.add(e);
        if (e.exclusive) {
            unfinishedExclusive.add(e);
        } else {
            unfinishedByStream
                    .computeIfAbsent(e.stream, s -> new LinkedHashSet<>())
                    .add(e);
        }
    }

    /** Marks {@code e} finished (ran or dropped); callers hold the {@code lanes} lock. */
    private void finish(Entry e) {
        unfinished.remove(e);
        if (e.exclusive) {
            unfinishedExclusive.remove(e);
        } else {
            Set<Entry> s = unfinishedByStream.get(e.stream);
            if (s != null && s.remove(e) && s.isEmpty()) {
                unfinishedByStream.remove(e.stream);
            }
        }
    }

    private void submit(String key) {
        try {
            admin.execute(() -> drain(key));
        } catch (RejectedExecutionException e) {
            List<Entry> dropped = new ArrayList<>();
            synchronized (lanes) {
                ArrayDeque<Entry> q = lanes.remove(key);
                if (q != null) {
                    adminWaiting.addAndGet(-q.size());
                    dropped.addAll(q);
                    dropped.forEach(this::finish);
                }
                signalIfIdle();
            }
            dropped.forEach(d -> d.finished.complete(null));
            throw e;
        }
    }

    /**
     * Runs the next request of lane {@code key} once the requests it waits for have finished, then hands the lane
     * back to the pool (fair between lanes). A lane whose next request must wait holds no thread.
     */
    private void drain(String key) {
        Entry next;
        synchronized (lanes) {
            ArrayDeque<Entry> q = lanes.get(key);
            next = q == null ? null : q.peek();
            if (next == null) {
                lanes.remove(key);
                signalIfIdle();
                return;
            }
            if (!next.ready.isDone()) {
                next.ready.whenComplete((v, failure) -> resubmit(key));
                return;
            }
            q.poll();
            adminWaiting.decrementAndGet();
        }
        try {
            next.task.run();
        } finally {
            boolean more;
            synchronized (lanes) {
                finish(next);
                ArrayDeque<Entry> q = lanes.get(key);
                more = q != null && !q.isEmpty();
                if (!more) {
                    lanes.remove(key);
                    signalIfIdle();
                }
            }
            next.finished.complete(null);
            if (more) {
                resubmit(key);
            }
        }
    }

    private void resubmit(String key) {
        try {
            submit(key);
        } catch (RejectedExecutionException e) {
            // stopped: the lane's requests were dropped
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
        synchronized (lanes) {
            return reads.getQueue().size() + readsWaiting.size();
        }
    }

    /** Discards every queued request that has not started; returns how many. */
    int dropQueued() {
        return dropQueuedAdmin() + dropQueuedReads();
    }

    /** Discards every queued administration request that has not started; returns how many. */
    int dropQueuedAdmin() {
        List<Entry> dropped = new ArrayList<>();
        synchronized (lanes) {
            for (ArrayDeque<Entry> q : lanes.values()) {
                adminWaiting.addAndGet(-q.size());
                dropped.addAll(q);
                q.clear();
            }
        }
        finished(dropped);
        return dropped.size();
    }

    /** Discards every queued read that has not started; returns how many. */
    int dropQueuedReads() {
        List<Runnable> dropped = new ArrayList<>();
        synchronized (lanes) {
            dropped.addAll(readsWaiting);
            readsWaiting.clear();
            reads.getQueue().drainTo(dropped);
            signalIfIdle();
        }
        List<Entry> entries = new ArrayList<>();
        for (Runnable r : dropped) {
            if (r instanceof ReadTask t) {
                entries.add(t.entry);
            }
        }
        finished(entries);
        return dropped.size();
    }

    /** Wakes {@link #shutdown(long)} once no lane and no waiting read is left; callers hold the {@code lanes} lock. */
    private void signalIfIdle() {
        if (lanes.isEmpty() && readsWaiting.isEmpty()) {
            lanes.notifyAll();
        }
    }

    /** Stops taking requests; the queued ones still run, waiting up to {@code seconds} in all. */
    void shutdown(long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            // the admin lanes resubmit themselves and reads wait for them: wait until they are empty first
            synchronized (lanes) {
                long left;
                while (!(lanes.isEmpty() && readsWaiting.isEmpty()) && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lanes, left);
                }
            }
            admin.shutdown();
            reads.shutdown();
            admin.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            reads.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
