package io.natsspring.sample.saga;

import io.natsspring.boot.template.JetStreamAvailability;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Records the outcome of a step that must not run twice (a charge, a refund, a stock reservation), retrying while
 * JetStream is unavailable — a cluster node died and the bucket has no leader for a few seconds. Failing instead
 * would redeliver the event and repeat the step itself. The listener keeps the event in progress meanwhile. Only for
 * writes that are safe to repeat ({@code createOrGet}, compare-and-set updates); gives up after {@link #MAX_WAIT}.
 */
public final class UnavailableRetry {

    /** How long a write is retried before the failure is passed on. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private static final Log log = LogFactory.getLog(UnavailableRetry.class);
    private static final long FIRST_PAUSE_MILLIS = 250;
    private static final long MAX_PAUSE_MILLIS = 2_000;

    private UnavailableRetry() {}

    /** Runs {@code write}, again while it fails because JetStream is unavailable, for at most {@link #MAX_WAIT}. */
    public static <T> T retry(String what, Supplier<T> write) {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (RuntimeException ex) {
                if (!JetStreamAvailability.isUnavailable(ex) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw ex;
                }
                if (attempt == 1) {
                    log.warn("JetStream unavailable while recording " + what + ", retrying: " + ex.getMessage());
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
    }
}
