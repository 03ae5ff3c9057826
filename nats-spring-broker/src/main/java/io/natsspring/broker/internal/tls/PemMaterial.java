package io.natsspring.broker.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain and its private key read from PEM files as {@code nats-server} reads them: certificates in
 * {@code CERTIFICATE} blocks; the key as PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}), parsed by BouncyCastle.
 */
record PemMaterial(PrivateKey key, X509Certificate[] chain) {

    static PemMaterial read(Path certFile, Path keyFile) {
        if (certFile == null) {
            throw new TlsSetupException("cert_file", "missing 'cert_file' in TLS configuration", null);
        }
        if (keyFile == null) {
            throw new TlsSetupException("key_file", "missing 'key_file' in TLS configuration", null);
        }
        return new PemMaterial(readKey(keyFile), readCertificates("cert_file", certFile));
    }

    /** Every certificate of a PEM file; fails when there is none. */
    static X509Certificate[] readCertificates(String key, Path file) {
        try (InputStream in = TlsContexts.open(key, file)) {
            Collection<? extends java.security.cert.Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> r = new ArrayList<>();
            for (java.security.cert.Certificate c : certs) {
                r.add((X509Certificate) c);
            }
            if (r.isEmpty()) {
                throw new TlsSetupException(key, key + " " + file + ": no PEM certificate found", null);
            }
            return r.toArray(X509Certificate[]::new);
        } catch (CertificateException | IOException e) {
            throw new TlsSetupException(key, key + " " + file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey readKey(Path file) {
        try (Reader r = new InputStreamReader(TlsContexts.open("key_file", file), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
            throw new TlsSetupException(
                    "key_file",
                    "key_file " + file + ": no PEM private key found (encrypted keys are not supported)",
                    null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TlsSetupException t) {
                throw t;
            }
            throw new TlsSetupException(
                    "key_file", "key_file " + file + ": not a PEM private key (" + e.getMessage() + ")", e);
        }
    }
}
