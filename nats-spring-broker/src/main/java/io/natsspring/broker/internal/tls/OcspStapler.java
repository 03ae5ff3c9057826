package io.natsspring.broker.internal.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OCSP staple of one server certificate, kept as {@code nats-server}'s OCSP monitor keeps it: fetched when the
 * TLS settings are built (a failure, or a revoked status when the mode shuts down on revocation, refuses the
 * start), then fetched again half-way to the response's {@code nextUpdate} (24 h without one, 2 min when past) by
 * one task on a shared scheduler. A revoked or unknown status ends the monitoring and, in modes {@code must} and
 * {@code always}, stops the server; a failed refresh keeps the last response and tries again later. A response
 * past its {@code nextUpdate} is no longer stapled (a refresh is asked for at once).
 */
final class OcspStapler {

    private static final System.Logger LOG = System.getLogger(OcspStapler.class.getName());
    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofHours(24);
    static final Duration MIN_CHECK_INTERVAL = Duration.ofMinutes(2);

    private final X509Certificate leaf;
    private final X509Certificate issuer;
    private final String certFile;
    private final List<String> responders;
    private final boolean shutdownOnRevoke;
    private final OcspStapleFetcher fetcher;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private volatile OcspStapleFetcher.Staple current;
    private volatile ScheduledExecutorService scheduler;
    private volatile Runnable onRevoked;
    private volatile boolean stopped;

    OcspStapler(
            X509Certificate leaf,
            X509Certificate issuer,
            String certFile,
            List<String> overrideUrls,
            boolean shutdownOnRevoke,
            OcspStapleFetcher fetcher) {
        this.leaf = leaf;
        this.issuer = issuer;
        this.certFile = certFile;
        this.responders = overrideUrls.isEmpty() ? OcspStapleFetcher.responders(leaf) : List.copyOf(overrideUrls);
        this.shutdownOnRevoke = shutdownOnRevoke;
        this.fetcher = fetcher;
    }

    /**
     * The first fetch, before the server serves.
     *
     * @throws TlsSetupException with {@code nats-server}'s start-up error text
     */
    void fetchFirst() {
        try {
            current = fetcher.fetch(leaf, issuer, responders);
        } catch (IOException e) {
            throw new TlsSetupException(
                    "ocsp", "bad OCSP status update for certificate at '" + certFile + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlsSetupException("ocsp", "interrupted while fetching the OCSP status of " + certFile, e);
        }
        if (current.status() != OcspStapleFetcher.Status.GOOD && shutdownOnRevoke) {
            throw new TlsSetupException(
                    "ocsp",
                    "found existing OCSP status for certificate at '" + certFile + "': " + statusText(current.status()),
                    null);
        }
    }

    /** The DER response to staple now, {@code null} when there is none still valid. */
    byte[] staple() {
        OcspStapleFetcher.Staple s = current;
        if (s == null) {
            return null;
        }
        if (s.nextUpdate() != null && s.nextUpdate().isBefore(Instant.now())) {
            refreshSoon();
            return null;
        }
        return s.encoded();
    }

    /** The status of the last response. */
    OcspStapleFetcher.Status status() {
        OcspStapleFetcher.Staple s = current;
        return s == null ? null : s.status();
    }

    /** Starts the monitoring on {@code scheduler}; {@code onRevoked} stops the server (modes must and always). */
    void start(ScheduledExecutorService scheduler, Runnable onRevoked) {
        this.scheduler = scheduler;
        this.onRevoked = onRevoked;
        OcspStapleFetcher.Staple s = current;
        Duration next = Duration.ZERO;
        if (s.status() == OcspStapleFetcher.Status.GOOD) {
            next = nextRun(s);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Found OCSP status for client certificate at ''{0}'': good, next update {1}, checking again in {2}",
                    certFile,
                    time(s.nextUpdate()),
                    next);
        }
        schedule(next);
    }

    /** Ends the monitoring (shutdown or a reload that replaced the TLS settings). */
    void stop() {
        stopped = true;
    }

    private void refreshSoon() {
        if (scheduler != null && !stopped && refreshQueued.compareAndSet(false, true)) {
            schedule(Duration.ZERO);
        }
    }

    private void schedule(Duration delay) {
        ScheduledExecutorService ses = scheduler;
        if (ses == null || stopped || ses.isShutdown()) {
            return;
        }
        try {
            ses.schedule(this::refresh, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the scheduler was shut down meanwhile
        }
    }

    private void refresh() {
        refreshQueued.set(false);
        if (stopped) {
            return;
        }
        OcspStapleFetcher.Staple fresh;
        try {
            fresh = fetcher.fetch(leaf, issuer, responders);
        } catch (IOException e) {
            Duration next = nextRun(current);
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Bad OCSP status update for certificate ''{0}'': {1}, trying again in {2}",
                    certFile,
                    e.getMessage(),
                    next);
            schedule(next);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        current = fresh;
        if (fresh.status() == OcspStapleFetcher.Status.GOOD) {
            Duration next = nextRun(fresh);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Received OCSP status for client certificate ''{0}'': good, next update {1}, checking again in {2}",
                    certFile,
                    time(fresh.nextUpdate()),
                    next);
            schedule(next);
            return;
        }
        LOG.log(
                System.Logger.Level.ERROR,
                "Received OCSP status for client certificate ''{0}'': {1}",
                certFile,
                statusText(fresh.status()));
        stopped = true;
        Runnable revoked = onRevoked;
        if (shutdownOnRevoke && revoked != null) {
            revoked.run();
        }
    }

    /** Half the time to {@code nextUpdate}; 24 h without one; 2 min when it is past. */
    static Duration nextRun(OcspStapleFetcher.Staple s) {
        return nextRun(s, Instant.now());
    }

    static Duration nextRun(OcspStapleFetcher.Staple s, Instant now) {
        if (s == null || s.nextUpdate() == null) {
            return DEFAULT_CHECK_INTERVAL;
        }
        Duration half = Duration.between(now, s.nextUpdate()).dividedBy(2);
        return half.isNegative() ? MIN_CHECK_INTERVAL : half;
    }

    static String statusText(OcspStapleFetcher.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String time(Instant t) {
        return t == null ? "0001-01-01T00:00:00Z" : DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
