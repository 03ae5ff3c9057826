package io.natsspring.benchmarks.scenario;

import java.util.concurrent.TimeUnit;

/** How long a phase runs: a number of operations, or a wall-clock duration. */
public record Budget(long msgs, long nanos) {

    public static Budget ofMessages(long msgs) {
        if (msgs < 1) {
            throw new IllegalArgumentException("message count must be positive: " + msgs);
        }
        return new Budget(msgs, 0);
    }

    public static Budget ofSeconds(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("duration must be positive: " + seconds);
        }
        return new Budget(0, (long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }

    /**
     * Whether the loop should do another operation, given {@code done} so far since {@code startNanos}. Time is read
     * only every 64 operations, so a timed phase overshoots by at most 63 operations.
     */
    public boolean more(long done, long startNanos) {
        if (msgs > 0) {
            return done < msgs;
        }
        return (done & 63) != 0 || System.nanoTime() - startNanos < nanos;
    }

    @Override
    public String toString() {
        return msgs > 0 ? msgs + " msgs" : nanos / 1e9 + " s";
    }
}
