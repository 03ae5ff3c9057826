package io.natsspring.broker.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for client certificates with {@code ocsp_peer}: the chain is first verified by the listener's usual trust
 * manager, then the client's leaf certificate is checked with the JDK's OCSP revocation checker against the
 * responder named in its Authority Information Access extension. A revoked, unknown or unverifiable status fails
 * the handshake, as {@code nats-server}'s default {@code ocsp_peer} settings do.
 */
final class OcspPeerTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final Set<TrustAnchor> anchors;

    /**
     * The trust manager for a listener's settings: its {@code ca_file} or trust manager factory, with OCSP.
     *
     * @throws TlsSetupException when the trust material can not be loaded
     */
    static OcspPeerTrustManager of(TlsSettings s) {
        try {
            TrustManagerFactory tmf = s.trustManagerFactory();
            if (s.caFile() != null) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemMaterial.readCertificates("ca_file", s.caFile())) {
                    store.setCertificateEntry("ca-" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
            }
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new OcspPeerTrustManager(x);
                }
            }
            throw new TlsSetupException("ocsp_peer", "ocsp_peer: the trust material has no X.509 trust manager", null);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("ocsp_peer", "ocsp_peer: can not set up the trust: " + e.getMessage(), e);
        }
    }

    OcspPeerTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate ca : delegate.getAcceptedIssuers()) {
            set.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(set);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        checkRevocation(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        checkRevocation(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        checkRevocation(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private void checkRevocation(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("ocsp_peer: no client certificate to check");
        }
        List<X509Certificate> path = trimAnchors(chain);
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker ocsp = (PKIXRevocationChecker) validator.getRevocationChecker();
            ocsp.setOptions(
                    EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY, PKIXRevocationChecker.Option.NO_FALLBACK));
            PKIXParameters params = new PKIXParameters(anchors);
            params.addCertPathChecker(ocsp);
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException(
                    "ocsp_peer: client certificate "
                            + chain[0].getSubjectX500Principal().getName() + " failed the OCSP check: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The chain without trust anchors (a CA the client sends along is not part of the path PKIX validates). */
    private List<X509Certificate> trimAnchors(X509Certificate[] chain) {
        Set<X509Certificate> trusted = new HashSet<>(Arrays.asList(delegate.getAcceptedIssuers()));
        return Arrays.stream(chain).filter(c -> !trusted.contains(c)).toList();
    }
}
