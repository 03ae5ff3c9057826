package io.natsspring.broker.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * TLS of the client port: the context built once from the settings, and the handlers each new connection gets in
 * front of its NATS handler — the TLS handler itself with {@code handshake_first}, else an upgrade that waits for
 * the client's first record after the INFO — followed by the {@link TlsHandshakeGuard}.
 */
public final class ClientTls {

    private final TlsSettings settings;
    private final SslContext context;

    /**
     * @throws TlsSetupException naming the setting and file that can not be used
     */
    public ClientTls(TlsSettings settings) {
        this.settings = settings;
        this.context = TlsContexts.serverContext(settings);
    }

    public TlsSettings settings() {
        return settings;
    }

    /** The server context, also used by the monitoring port for HTTPS. */
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
        if (settings.handshakeFirst()) {
            p.addLast("tls", sslHandler(channel, context));
        } else {
            p.addLast("tls", new TlsUpgrade(context, settings.allowNonTls()));
        }
        p.addLast("tls-guard", new TlsHandshakeGuard(settings.timeout().toNanos(), settings.pinnedCerts()));
    }

    /** A TLS handler whose handshake timeout is left to the {@link TlsHandshakeGuard}. */
    static SslHandler sslHandler(Channel channel, SslContext context) {
        SslHandler h = context.newHandler(channel.alloc());
        h.setHandshakeTimeoutMillis(0);
        return h;
    }
}
