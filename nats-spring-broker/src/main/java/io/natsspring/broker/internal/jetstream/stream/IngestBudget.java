package io.natsspring.broker.internal.jetstream.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of published messages queued for all stream writers of the JVM together, bounded by a quarter of the
 * maximum heap (at most {@value #MAX_BYTES} bytes): past it a publish is refused with {@code 429} like one past its
 * stream's own bound, so a publish flood into many streams, or into one under a small heap, backs off instead of
 * growing the heap until it runs out of memory.
 */
final class IngestBudget {

    static final long MAX_BYTES = 1024L * 1024 * 1024;
    static final long LIMIT = Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / 4);

    private static final AtomicLong QUEUED = new AtomicLong();

    private IngestBudget() {}

    /** Reserves {@code bytes} for a queued message; {@code false} when that would pass the limit. */
    static boolean tryReserve(long bytes) {
        while (true) {
            long now = QUEUED.get();
            if (now > 0 && now + bytes > LIMIT) {
                return false;
            }
            if (QUEUED.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryReserve} took once the writer has taken the message off its queue. */
    static void release(long bytes) {
        QUEUED.addAndGet(-bytes);
    }

    /** Bytes queued now (for tests and monitoring). */
    static long queued() {
        return QUEUED.get();
    }
}
