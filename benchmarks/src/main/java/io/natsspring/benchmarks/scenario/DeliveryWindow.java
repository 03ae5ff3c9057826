package io.natsspring.benchmarks.scenario;

import io.natsspring.benchmarks.verify.SequenceTracker;
import io.natsspring.benchmarks.verify.VerificationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Flow control between one publisher and its receivers: the publisher may run at most a window of messages ahead
 * of the receivers, so neither the server nor the client ever drops a slow consumer and the figure measured is
 * the sustainable rate. Also waits for the receivers to catch up at the end, failing if they stall.
 */
final class DeliveryWindow {

    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long WINDOW_BYTES = 16L * 1024 * 1024;

    private final List<SequenceTracker> receivers;
    private final boolean shared;
    private final long window;

    /**
     * {@code shared}: the receivers split the messages (a queue group) rather than each getting all (fan-out).
     * The window is 64k messages or 16 MiB, whichever is smaller.
     */
    DeliveryWindow(List<SequenceTracker> receivers, boolean shared, int size) {
        this.receivers = receivers;
        this.shared = shared;
        this.window = Math.max(256, Math.min(65_536, WINDOW_BYTES / size));
    }

    /** Blocks while {@code published} is a full window ahead of the receivers. */
    void awaitRoom(long published) {
        while (published - received() >= window) {
            LockSupport.parkNanos(PARK_NANOS);
        }
    }

    /** Blocks until the receivers have all {@code published} messages; fails when no progress for {@code stall}. */
    void awaitAll(long published, Duration stall) throws VerificationException, InterruptedException {
        long last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long got = received();
            if (got >= published) {
                return;
            }
            if (got != last) {
                last = got;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                throw new VerificationException(
                        "receivers stalled at " + got + " of " + published + " messages (lost messages)");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(PARK_NANOS);
        }
    }

    /** Messages received: the sum for a shared group, the slowest receiver for fan-out. */
    private long received() {
        long total = 0;
        long min = Long.MAX_VALUE;
        for (SequenceTracker r : receivers) {
            long c = r.count();
            total += c;
            min = Math.min(min, c);
        }
        return shared ? total : min;
    }
}
