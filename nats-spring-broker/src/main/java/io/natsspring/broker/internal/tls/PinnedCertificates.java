package io.natsspring.broker.internal.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;

/**
 * {@code pinned_certs}: a client certificate is accepted when the lower-case hex SHA-256 of its DER-encoded
 * SubjectPublicKeyInfo is in the set, as {@code nats-server} computes it.
 */
public final class PinnedCertificates {

    private PinnedCertificates() {}

    /** The pin of a certificate: hex SHA-256 of its SubjectPublicKeyInfo. */
    public static String pin(X509Certificate certificate) {
        try {
            byte[] spki = certificate.getPublicKey().getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code certificate} may connect: any certificate when nothing is pinned. */
    static boolean accepted(Set<String> pinned, X509Certificate certificate) {
        return pinned.isEmpty() || (certificate != null && pinned.contains(pin(certificate)));
    }
}
