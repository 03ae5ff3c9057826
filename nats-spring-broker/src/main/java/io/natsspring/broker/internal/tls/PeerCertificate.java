package io.natsspring.broker.internal.tls;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.cert.X509Certificate;

/** The client certificate of a connection, recorded when its TLS handshake completes. */
public final class PeerCertificate {

    static final AttributeKey<X509Certificate> KEY = AttributeKey.valueOf(PeerCertificate.class, "peer");

    private PeerCertificate() {}

    /** The certificate the client presented, {@code null} without TLS or without a client certificate. */
    public static X509Certificate of(Channel channel) {
        return channel.attr(KEY).get();
    }
}
