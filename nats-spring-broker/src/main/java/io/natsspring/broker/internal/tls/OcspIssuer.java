package io.natsspring.broker.internal.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The issuer of a stapled server certificate, found as {@code nats-server} finds it: the second certificate of the
 * chain when there is one (it must have signed the leaf), else a certificate of {@code ca_file}, else one of the
 * JDK's default trust store, that signed the leaf; it must be a CA.
 */
final class OcspIssuer {

    private OcspIssuer() {}

    /**
     * @throws TlsSetupException with {@code nats-server}'s text when no issuer is found or it is no CA
     */
    static X509Certificate find(X509Certificate[] chain, Path caFile) {
        X509Certificate leaf = chain[0];
        X509Certificate issuer = null;
        if (chain.length > 1) {
            try {
                leaf.verify(chain[1].getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new TlsSetupException("ocsp", "invalid issuer configuration: " + e.getMessage(), e);
            }
            issuer = chain[1];
        } else {
            List<X509Certificate> candidates = new ArrayList<>();
            if (caFile != null) {
                candidates.addAll(List.of(PemMaterial.readCertificates("ca_file", caFile)));
            } else {
                candidates.addAll(systemTrust());
            }
            for (X509Certificate c : candidates) {
                if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && signed(c, leaf)) {
                    issuer = c;
                    break;
                }
            }
        }
        if (issuer == null) {
            throw new TlsSetupException("ocsp", "no issuers found", null);
        }
        if (issuer.getBasicConstraints() < 0) {
            throw new TlsSetupException(
                    "ocsp",
                    issuer.getSubjectX500Principal().getName() + " invalid ca basic constraints: is not ca",
                    null);
        }
        return issuer;
    }

    private static boolean signed(X509Certificate issuer, X509Certificate leaf) {
        try {
            leaf.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<X509Certificate> systemTrust() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return List.of(x.getAcceptedIssuers());
                }
            }
        } catch (GeneralSecurityException e) {
            // no default trust store: no issuer from it
        }
        return List.of();
    }
}
