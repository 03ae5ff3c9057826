package io.natsspring.broker.internal.tls;

import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/** The server certificate chain a key manager factory holds, for OCSP stapling decisions. */
final class KeyManagerChains {

    private static final String[] KEY_TYPES = {"RSA", "EC", "EdDSA", "Ed25519", "RSASSA-PSS"};

    private KeyManagerChains() {}

    /** The first server chain of the factory, {@code null} when it offers none. */
    static X509Certificate[] first(KeyManagerFactory kmf) {
        for (KeyManager km : kmf.getKeyManagers()) {
            if (km instanceof X509KeyManager x) {
                for (String type : KEY_TYPES) {
                    String[] aliases = x.getServerAliases(type, null);
                    if (aliases != null && aliases.length > 0) {
                        X509Certificate[] chain = x.getCertificateChain(aliases[0]);
                        if (chain != null && chain.length > 0) {
                            return chain;
                        }
                    }
                }
            }
        }
        return null;
    }
}
