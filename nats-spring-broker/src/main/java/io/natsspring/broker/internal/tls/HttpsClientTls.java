package io.natsspring.broker.internal.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK {@link SSLContext} of an HTTPS client of this server (the account server fetches of
 * {@code resolver: URL("https://…")} with {@code resolver_tls}), from PEM files as {@code nats-server}'s
 * {@code GenTLSConfig} uses them for a client: {@code ca_file} as the trusted roots (else the JVM's default trust),
 * {@code cert_file}/{@code key_file} as the client certificate, {@code insecure} to accept any certificate and host.
 */
public final class HttpsClientTls {

    private static final char[] NO_PASSWORD = new char[0];

    private HttpsClientTls() {}

    /**
     * Builds the context.
     *
     * @throws TlsSetupException naming the setting and file that can not be used
     */
    public static SSLContext context(Path certFile, Path keyFile, Path caFile, boolean insecure) {
        try {
            KeyManager[] keys = null;
            if (certFile != null || keyFile != null) {
                PemMaterial pem = PemMaterial.read(certFile, keyFile);
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", pem.key(), NO_PASSWORD, pem.chain());
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, NO_PASSWORD);
                keys = kmf.getKeyManagers();
            }
            TrustManager[] trust = null;
            if (insecure) {
                trust = new TrustManager[] {new TrustingAll()};
            } else if (caFile != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                int i = 0;
                for (X509Certificate c : PemMaterial.readCertificates("ca_file", caFile)) {
                    store.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                trust = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("resolver_tls", "can not set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * {@code insecure}: accepts every certificate; being an extended trust manager, the JDK does not add its own
     * host name check (Go's {@code InsecureSkipVerify} skips both).
     */
    private static final class TrustingAll extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
