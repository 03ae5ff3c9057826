package io.natsspring.broker.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * TLS of the client port: the contexts built once from the settings (one per certificate of {@code certs},
 * chosen by SNI), and the handlers each new connection gets in front of its NATS handler — the TLS handler itself
 * with {@code handshake_first}, a {@link TlsFirstFallback} with a fallback delay, else an upgrade that waits for
 * the client's first record after the INFO — followed by the {@link TlsHandshakeGuard}.
 */
public final class ClientTls {

    private final TlsSettings settings;
    private final SslContext context;
    private final SniCertificates sni;
    private final String[] jdkGroups;

    /**
     * @throws TlsSetupException naming the setting and file that can not be used
     */
    public ClientTls(TlsSettings settings) {
        this.settings = settings;
        List<TlsContexts.ServerContext> contexts = TlsContexts.serverContexts(settings);
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

    /** Adds the TLS handlers to a new connection's pipeline, before its NATS handler is added. */
    public void install(Channel channel) {
        ChannelPipeline p = channel.pipeline();
        if (settings.handshakeFirst() && settings.fallbackDelay() != null) {
            p.addLast("tls", new TlsFirstFallback(this, settings.fallbackDelay().toNanos()));
        } else if (settings.handshakeFirst()) {
            p.addLast("tls", newTlsHandler(channel));
        } else {
            p.addLast("tls", new TlsUpgrade(this, settings.allowNonTls()));
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
        if (jdkGroups != null) {
            CurvePreferences.applyToJdkEngine(h, jdkGroups);
        }
        return h;
    }
}
