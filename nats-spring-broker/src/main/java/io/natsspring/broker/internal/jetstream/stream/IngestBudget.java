package io.natsspring.broker.internal.jetstream.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of published messages queued for all stream writers of the JVM together, or being stored by them,
 * bounded by a share of the maximum heap (the broker option {@code jetstream.ingest_heap_percent}, a quarter by
 * default, at most {@value #MAX_BYTES} bytes): past it a publish is refused with {@code 429} like one past its
 * stream's own bound, so a publish flood into many streams, or into one under a small heap, backs off instead of
 * growing the heap until it runs out of memory. The count is the JVM's (all brokers in it); each broker checks it
 * against its own limit.
 */
public final class IngestBudget {

    /** The default share of the maximum heap, in percent. */
    public static final int DEFAULT_HEAP_PERCENT = 25;

    static final long MAX_BYTES = 1024L * 1024 * 1024;

    /** The limit with the default share of this JVM's maximum heap. */
    static final long DEFAULT_LIMIT =
            limitFor(DEFAULT_HEAP_PERCENT, Runtime.getRuntime().maxMemory());

    private static final AtomicLong QUEUED = new AtomicLong();

    private IngestBudget() {}

    /** {@code percent} of {@code maxHeapBytes}, at most {@value #MAX_BYTES} bytes. */
    public static long limitFor(int percent, long maxHeapBytes) {
        return Math.min(MAX_BYTES, maxHeapBytes * percent / 100);
    }

    /**
     * Reserves {@code bytes} for a queued message; {@code false} when that would pass {@code limit} (a message is
     * always taken when nothing is queued, so one larger than the limit is not refused for ever).
     */
    static boolean tryReserve(long bytes, long limit) {
        while (true) {
            long now = QUEUED.get();
            if (now > 0 && now + bytes > limit) {
                return false;
            }
            if (QUEUED.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryReserve} took once the writer has stored the message (or dropped it). */
    static void release(long bytes) {
        QUEUED.addAndGet(-bytes);
    }

    /** Bytes queued now (for tests and monitoring). */
    static long queued() {
        return QUEUED.get();
    }
}
