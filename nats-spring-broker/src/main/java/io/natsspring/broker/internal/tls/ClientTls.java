package io.natsspring.broker.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * TLS of the client port: the contexts built once from the settings (one per certificate of {@code certs},
 * chosen by SNI), and the handlers each new connection gets in front of its NATS handler — the TLS handler itself
 * with {@code handshake_first}, a {@link TlsFirstFallback} with a fallback delay, else an upgrade that waits for
 * the client's first record after the INFO — followed by the {@link TlsHandshakeGuard}. Certificates that
 * {@code ocsp} staples get their OCSP response fetched when this is built and kept fresh by an {@link OcspStapler}
 * once {@link #startOcsp} runs.
 */
public final class ClientTls {

    private final TlsSettings settings;
    private final SslContext context;
    private final SniCertificates sni;
    private final String[] jdkGroups;
    private final Map<SslContext, OcspStapler> staplers = new IdentityHashMap<>();
    private ScheduledThreadPoolExecutor ocspScheduler;
    private final TlsRateLimiter rateLimiter;

    /** {@code nats-server}'s HTTP client timeout for OCSP responders. */
    static final Duration OCSP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @throws TlsSetupException naming the setting and file that can not be used, or with {@code nats-server}'s
     *                           text when a certificate to staple gets no usable OCSP response
     */
    public ClientTls(TlsSettings settings) {
        this.settings = settings;
        this.rateLimiter =
                settings.connectionRateLimit() > 0 ? new TlsRateLimiter(settings.connectionRateLimit()) : null;
        List<TlsContexts.ServerContext> contexts = TlsContexts.serverContexts(settings);
        OcspStapleFetcher fetcher = null;
        for (TlsContexts.ServerContext c : contexts) {
            if (c.stapling().staple()) {
                if (fetcher == null) {
                    fetcher = new OcspStapleFetcher(OCSP_TIMEOUT);
                }
                OcspStapler stapler = new OcspStapler(
                        c.leaf(),
                        OcspIssuer.find(c.chain(), settings.caFile()),
                        c.certName(),
                        settings.ocspUrls(),
                        c.stapling().shutdownOnRevoke(),
                        fetcher);
                stapler.fetchFirst();
                staplers.put(c.context(), stapler);
            }
        }
        this.context = contexts.get(0).context();
        if (contexts.size() > 1) {
            sni = new SniCertificates();
            contexts.forEach(c -> sni.add(c.leaf(), c.context()));
        } else {
            sni = null;
        }
        this.jdkGroups = settings.curvePreferences().isEmpty()
                        || !context.getClass().getSimpleName().startsWith("Jdk")
                ? null
                : CurvePreferences.jdkGroups(settings.curvePreferences());
    }

    public TlsSettings settings() {
        return settings;
    }

    /** The server context (the first certificate's with {@code certs}), also used by the monitoring port. */
    public SslContext context() {
        return context;
    }

    /** {@code "OPENSSL"} or {@code "JDK"}. */
    public String engine() {
        return TlsContexts.engineName(settings);
    }

    /** Whether a certificate of this listener is stapled. */
    public boolean staples() {
        return !staplers.isEmpty();
    }

    /**
     * Starts keeping the staples fresh (one daemon thread, only when something is stapled); {@code onRevoked} runs
     * once when a certificate stapled in mode {@code must} or {@code always} is found revoked.
     */
    public synchronized void startOcsp(Runnable onRevoked) {
        if (staplers.isEmpty() || ocspScheduler != null) {
            return;
        }
        ocspScheduler = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("nats-broker-ocsp", true));
        ocspScheduler.setRemoveOnCancelPolicy(true);
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable revoked = () -> {
            if (once.compareAndSet(false, true)) {
                onRevoked.run();
            }
        };
        System.getLogger(ClientTls.class.getName())
                .log(System.Logger.Level.INFO, "OCSP Stapling enabled for client connections");
        staplers.values().forEach(s -> s.start(ocspScheduler, revoked));
    }

    /** Stops keeping the staples fresh (server stopped, or a reload replaced these settings). */
    public synchronized void stopOcsp() {
        staplers.values().forEach(OcspStapler::stop);
        if (ocspScheduler != null) {
            ocspScheduler.shutdownNow();
            ocspScheduler = null;
        }
    }

    /** Adds the TLS handlers to a new connection's pipeline, before its NATS handler is added. */
    public void install(Channel channel) {
        ChannelPipeline p = channel.pipeline();
        boolean sniffs = settings.allowNonTls() && !settings.handshakeFirst();
        if (rateLimiter != null && !sniffs && !rateLimiter.allow()) {
            p.addLast("tls", new TlsThrottled(!settings.handshakeFirst()));
            return;
        }
        if (settings.handshakeFirst() && settings.fallbackDelay() != null) {
            p.addLast("tls", new TlsFirstFallback(this, settings.fallbackDelay().toNanos()));
        } else if (settings.handshakeFirst()) {
            p.addLast("tls", newTlsHandler(channel));
        } else {
            p.addLast("tls", new TlsUpgrade(this, settings.allowNonTls(), sniffs ? rateLimiter : null));
        }
        p.addLast("tls-guard", new TlsHandshakeGuard(settings.timeout().toNanos(), settings.pinnedCerts()));
    }

    /**
     * Adds the TLS handlers of a listener that speaks TLS from the first byte (the WebSocket port, whose clients
     * begin with the TLS handshake), followed by the {@link TlsHandshakeGuard}.
     */
    public void installImmediate(Channel channel) {
        ChannelPipeline p = channel.pipeline();
        p.addLast("tls", newTlsHandler(channel));
        p.addLast("tls-guard", new TlsHandshakeGuard(settings.timeout().toNanos(), settings.pinnedCerts()));
    }

    /** The handler that runs the handshake: a TLS handler, or an SNI handler that picks one per client. */
    ChannelHandler newTlsHandler(Channel channel) {
        if (sni == null) {
            return sslHandler(context, channel.alloc());
        }
        return new SniHandler(sni) {
            @Override
            protected SslHandler newSslHandler(SslContext chosen, ByteBufAllocator alloc) {
                return sslHandler(chosen, alloc);
            }
        };
    }

    /** A TLS handler whose handshake timeout is left to the {@link TlsHandshakeGuard}. */
    private SslHandler sslHandler(SslContext chosen, ByteBufAllocator alloc) {
        SslHandler h = chosen.newHandler(alloc);
        h.setHandshakeTimeoutMillis(0);
        OcspStapler stapler = staplers.isEmpty() ? null : staplers.get(chosen);
        if (stapler != null && h.engine() instanceof ReferenceCountedOpenSslEngine openSsl) {
            byte[] staple = stapler.staple();
            if (staple != null) {
                openSsl.setOcspResponse(staple);
            }
        }
        if (jdkGroups != null) {
            CurvePreferences.applyToJdkEngine(h, jdkGroups);
        }
        return h;
    }
}
