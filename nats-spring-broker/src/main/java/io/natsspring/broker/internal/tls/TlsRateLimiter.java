package io.natsspring.broker.internal.tls;

/**
 * {@code connection_rate_limit}: at most {@code limit} new TLS handshakes per one-second window, counted as
 * {@code nats-server}'s {@code rateCounter} counts them (the window starts with the first connection after the last
 * one ended). The connections refused are logged once a window has passed:
 * {@code Rejected <n> connections due to TLS rate limiting}. Thread-safe.
 */
final class TlsRateLimiter {

    private static final System.Logger LOG = System.getLogger(TlsRateLimiter.class.getName());
    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final long limit;
    private long count;
    private long blocked;
    private long windowEnd;
    private boolean started;

    TlsRateLimiter(long limit) {
        this.limit = limit;
    }

    /** Whether one more handshake may start now. */
    boolean allow() {
        long now = System.nanoTime();
        long rejected = 0;
        boolean allow;
        synchronized (this) {
            if (!started || now - windowEnd > 0) {
                started = true;
                rejected = blocked;
                blocked = 0;
                count = 0;
                windowEnd = now + WINDOW_NANOS;
            } else {
                count++;
            }
            allow = count < limit;
            if (!allow) {
                blocked++;
            }
        }
        if (rejected > 0) {
            LOG.log(System.Logger.Level.WARNING, "Rejected " + rejected + " connections due to TLS rate limiting");
        }
        return allow;
    }
}
