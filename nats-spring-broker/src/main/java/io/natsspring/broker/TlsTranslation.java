package io.natsspring.broker;

import io.natsspring.broker.internal.tls.ClientTls;
import io.natsspring.broker.internal.tls.OcspPeerPolicy;
import io.natsspring.broker.internal.tls.TlsSettings;

/** The broker's public TLS configuration translated into the internal TLS settings. */
final class TlsTranslation {

    private TlsTranslation() {}

    static io.natsspring.broker.internal.tls.OutboundTls remoteTls(LeafNodeConfig.RemoteTls t) {
        return t == null
                ? null
                : io.natsspring.broker.internal.tls.OutboundTls.of(
                        t.certFile(),
                        t.keyFile(),
                        t.caFile(),
                        t.insecure(),
                        t.timeout(),
                        t.handshakeFirst(),
                        new io.natsspring.broker.internal.tls.OutboundTls.Managers(
                                t.keyManagerFactory(),
                                t.trustManagerFactory(),
                                t.verifyHostname(),
                                t.protocols(),
                                t.cipherSuites()));
    }

    static ClientTls clientTls(BrokerOptions options) {
        return options.tls() == null ? null : new ClientTls(tlsSettings(options.tls(), true));
    }

    static TlsSettings tlsSettings(TlsConfig t) {
        return tlsSettings(t, false);
    }

    /**
     * The internal settings of a listener's TLS; {@code clientPort}: only the client port applies
     * {@code connection_rate_limit}, as {@code nats-server}.
     */
    static TlsSettings tlsSettings(TlsConfig t, boolean clientPort) {
        return new TlsSettings(
                t.certFile(),
                t.keyFile(),
                t.caFile(),
                t.keyManagerFactory(),
                t.trustManagerFactory(),
                t.verify(),
                t.verifyAndMap(),
                t.requestClientCertificate(),
                t.timeout(),
                t.handshakeFirst(),
                t.minVersion(),
                t.cipherSuites(),
                t.pinnedCerts(),
                t.allowNonTls(),
                t.engine().name(),
                t.certificates().stream()
                        .map(c -> new TlsSettings.CertificateFiles(c.certFile(), c.keyFile()))
                        .toList(),
                t.curvePreferences(),
                t.handshakeFirstFallback(),
                t.ocspMode() == null ? null : t.ocspMode().name(),
                t.ocspPeer(),
                t.ocspUrls(),
                clientPort ? t.connectionRateLimit() : 0,
                t.allowInsecureCipherSuites(),
                ocspPeerPolicy(t));
    }

    static OcspPeerPolicy ocspPeerPolicy(TlsConfig t) {
        TlsConfig.OcspPeerOptions o = t.ocspPeerOptions();
        return new OcspPeerPolicy(
                o.caTimeout(),
                o.allowedClockSkew(),
                o.cacheTtlWhenNextUpdateUnset(),
                o.warnOnly(),
                o.unknownIsGood(),
                o.allowWhenCaUnreachable(),
                t.ocspPeerCache().enabled(),
                t.ocspPeerCache().preserveRevoked());
    }
}
