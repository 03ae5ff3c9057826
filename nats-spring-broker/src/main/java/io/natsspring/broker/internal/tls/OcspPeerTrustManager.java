package io.natsspring.broker.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for client certificates with {@code ocsp_peer}: the chain is first verified by the listener's usual trust
 * manager, then checked by an {@link OcspPeerChecker} (each certificate naming an OCSP responder against its
 * issuer's response, with the {@code ocsp_peer} options); a chain it does not pass fails the handshake with
 * {@code nats-server}'s reason {@code client not OCSP valid}.
 */
final class OcspPeerTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final OcspPeerChecker checker;

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
                    return new OcspPeerTrustManager(x, new OcspPeerChecker(s.ocspPeerPolicy()));
                }
            }
            throw new TlsSetupException("ocsp_peer", "ocsp_peer: the trust material has no X.509 trust manager", null);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("ocsp_peer", "ocsp_peer: can not set up the trust: " + e.getMessage(), e);
        }
    }

    OcspPeerTrustManager(X509ExtendedTrustManager delegate, OcspPeerChecker checker) {
        this.delegate = delegate;
        this.checker = checker;
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
        if (!checker.valid(OcspPeerChecker.verifiedChain(chain, delegate.getAcceptedIssuers()))) {
            throw new CertificateException(OcspPeerChecker.REJECTED);
        }
    }
}
