package io.natsspring.broker.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS of a connection this server opens (a leaf-node link to a hub): the client context built once from PEM files
 * (a certificate to present, the CAs the peer's certificate must chain to, else the JVM's default trust), with the
 * peer's host name checked against its certificate unless {@code insecure}, as {@code nats-server} does with its
 * {@code ServerName} set to the URL's host.
 */
public final class OutboundTls {

    /** {@code nats-server}'s default handshake timeout of a leaf-node link. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final SslContext context;
    private final Duration timeout;
    private final boolean handshakeFirst;
    private final boolean insecure;

    private OutboundTls(SslContext context, Duration timeout, boolean handshakeFirst, boolean insecure) {
        this.context = context;
        this.timeout = timeout;
        this.handshakeFirst = handshakeFirst;
        this.insecure = insecure;
    }

    /**
     * Builds the client context.
     *
     * @param certFile       PEM certificate chain to present, or {@code null}
     * @param keyFile        its PEM key, or {@code null}
     * @param caFile         PEM CAs trusted for the peer, or {@code null} for the JVM's default trust
     * @param insecure       whether the peer's certificate and host name go unchecked
     * @param timeout        handshake timeout ({@code null}: {@link #DEFAULT_TIMEOUT})
     * @param handshakeFirst whether the handshake starts at once, before the peer's INFO
     * @throws TlsSetupException naming the setting and file that can not be used
     */
    public static OutboundTls of(
            Path certFile, Path keyFile, Path caFile, boolean insecure, Duration timeout, boolean handshakeFirst) {
        return of(certFile, keyFile, caFile, insecure, timeout, handshakeFirst, Managers.NONE);
    }

    /**
     * Key material given programmatically, used where no PEM file is set.
     *
     * @param keyManagerFactory   the certificate presented to the peer, or {@code null}
     * @param trustManagerFactory what the peer's certificate must chain to, or {@code null}
     * @param verifyHostname      whether the peer's certificate must name its host (when not {@code insecure})
     * @param protocols           enabled protocols (empty: TLS 1.3 and 1.2)
     * @param cipherSuites        enabled cipher suites (empty: the provider's defaults)
     */
    public record Managers(
            KeyManagerFactory keyManagerFactory,
            TrustManagerFactory trustManagerFactory,
            boolean verifyHostname,
            List<String> protocols,
            List<String> cipherSuites) {

        /** Nothing given: PEM files or the JVM's defaults, host name checked. */
        public static final Managers NONE = new Managers(null, null, true, List.of(), List.of());

        public Managers {
            protocols = List.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }
    }

    /** As {@link #of(Path, Path, Path, boolean, Duration, boolean)}, with {@code managers} where no file is set. */
    public static OutboundTls of(
            Path certFile,
            Path keyFile,
            Path caFile,
            boolean insecure,
            Duration timeout,
            boolean handshakeFirst,
            Managers managers) {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (certFile != null || keyFile != null) {
            PemMaterial pem = PemMaterial.read(certFile, keyFile);
            b.keyManager(pem.key(), pem.chain());
        } else if (managers.keyManagerFactory() != null) {
            b.keyManager(managers.keyManagerFactory());
        }
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            if (caFile != null) {
                b.trustManager(PemMaterial.readCertificates("ca_file", caFile));
            } else if (managers.trustManagerFactory() != null) {
                b.trustManager(managers.trustManagerFactory());
            }
            b.endpointIdentificationAlgorithm(managers.verifyHostname() ? "HTTPS" : null);
        }
        b.protocols(managers.protocols().isEmpty() ? List.of("TLSv1.3", "TLSv1.2") : managers.protocols());
        if (!managers.cipherSuites().isEmpty()) {
            b.ciphers(managers.cipherSuites());
        }
        b.sslProvider(TlsContexts.provider(null));
        try {
            return new OutboundTls(b.build(), timeout == null ? DEFAULT_TIMEOUT : timeout, handshakeFirst, insecure);
        } catch (Exception e) {
            throw new TlsSetupException("tls", "can not set up TLS: " + e.getMessage(), e);
        }
    }

    /** TLS with the JVM's default trust: a hub's INFO asked for TLS and the remote has no {@code tls} block. */
    public static OutboundTls defaults() {
        return of(null, null, null, false, null, false);
    }

    public boolean handshakeFirst() {
        return handshakeFirst;
    }

    public boolean insecure() {
        return insecure;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Puts the client TLS handler for a peer at {@code host:port} at the front of the pipeline, followed by the
     * {@link TlsHandshakeGuard} (closes on a failed or late handshake). What is written afterwards waits for the
     * handshake to complete.
     */
    public void install(Channel channel, String host, int port) {
        SslHandler h = context.newHandler(channel.alloc(), host, port);
        h.setHandshakeTimeoutMillis(0);
        ChannelPipeline p = channel.pipeline();
        p.addFirst("tls-guard", new TlsHandshakeGuard(timeout.toNanos(), Set.of(), true));
        p.addFirst("tls", h);
    }
}
