package io.natsspring.broker.it.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made at run time with BouncyCastle and written as PEM files into a directory: a CA, a
 * server certificate for {@code localhost}/{@code 127.0.0.1}, client certificates signed by the CA, and a client
 * certificate from another CA. Keys are written in the three PEM forms {@code nats-server} reads.
 */
public final class TestPki {

    /** How a private key is written. */
    public enum KeyForm {
        /** {@code BEGIN PRIVATE KEY}. */
        PKCS8,
        /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}. */
        TRADITIONAL
    }

    /** A certificate with its key and the files they were written to. */
    public record Issued(
            X509Certificate certificate, PrivateKey key, X509Certificate issuer, Path certFile, Path keyFile) {

        /** A client SSL context presenting this certificate and trusting {@code ca}. */
        public SSLContext clientContext(Issued ca) throws GeneralSecurityException, IOException {
            return TestPki.context("TLS", this, ca);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Issued ca;
    private final Issued server;
    private String ocspUrlForNext;
    private boolean mustStapleForNext;

    public TestPki(Path dir) throws Exception {
        this.dir = dir;
        this.ca = selfSigned("ca", "CN=NATS Spring Test CA");
        this.server = issue(
                "server",
                ca,
                "CN=localhost",
                rsa(),
                KeyForm.TRADITIONAL,
                KeyPurposeId.id_kp_serverAuth,
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    }

    public Issued ca() {
        return ca;
    }

    public Issued server() {
        return server;
    }

    /** A client certificate signed by the test CA, with optional SAN e-mail addresses and DNS names. */
    public Issued client(String name, String subject, String... emails) throws Exception {
        GeneralName[] sans = new GeneralName[emails.length];
        for (int i = 0; i < emails.length; i++) {
            sans[i] = new GeneralName(GeneralName.rfc822Name, emails[i]);
        }
        return issue(name, ca, subject, ec(), KeyForm.PKCS8, KeyPurposeId.id_kp_clientAuth, sans);
    }

    /** A client certificate signed by the test CA whose Authority Information Access names an OCSP responder. */
    public Issued clientWithOcsp(String name, String subject, String ocspUrl) throws Exception {
        ocspUrlForNext = ocspUrl;
        try {
            return issue(name, ca, subject, ec(), KeyForm.PKCS8, KeyPurposeId.id_kp_clientAuth);
        } finally {
            ocspUrlForNext = null;
        }
    }

    /**
     * A server certificate for {@code localhost}/{@code 127.0.0.1} whose Authority Information Access names an OCSP
     * responder ({@code null}: none), with the Must-Staple TLS feature when asked.
     */
    public Issued serverWithOcsp(String name, String ocspUrl, boolean mustStaple) throws Exception {
        ocspUrlForNext = ocspUrl;
        mustStapleForNext = mustStaple;
        try {
            return serverWith(name, false, KeyForm.PKCS8);
        } finally {
            ocspUrlForNext = null;
            mustStapleForNext = false;
        }
    }

    /** A client certificate signed by a CA the server does not trust. */
    public Issued rogueClient(String name, String subject) throws Exception {
        Issued rogueCa = selfSigned(name + "-ca", "CN=Rogue CA");
        return issue(name, rogueCa, subject, ec(), KeyForm.PKCS8, KeyPurposeId.id_kp_clientAuth);
    }

    /** The server's key pair written again in {@code form} with an EC or RSA key. */
    public Issued serverWith(String name, boolean rsa, KeyForm form) throws Exception {
        return issue(
                name,
                ca,
                "CN=localhost",
                rsa ? rsa() : form == KeyForm.TRADITIONAL ? ecWithCurveInKey() : ec(),
                form,
                KeyPurposeId.id_kp_serverAuth,
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    }

    /** A further server certificate signed by the test CA for one DNS name ({@code certs} chosen by SNI). */
    public Issued serverFor(String name, String dnsName) throws Exception {
        return issue(
                name,
                ca,
                "CN=" + dnsName,
                ec(),
                KeyForm.PKCS8,
                KeyPurposeId.id_kp_serverAuth,
                new GeneralName(GeneralName.dNSName, dnsName));
    }

    /** A client SSL context that trusts the test CA and presents no certificate. */
    public SSLContext trustingClient() throws Exception {
        return context("TLS", null, ca);
    }

    /** As {@link #trustingClient()}, limited to one protocol ({@code "TLSv1.2"}). */
    public SSLContext trustingClient(String protocol) throws Exception {
        return context(protocol, null, ca);
    }

    static SSLContext context(String protocol, Issued client, Issued ca) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(
                    "client", client.key(), new char[0], new X509Certificate[] {client.certificate(), client.issuer()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext c = SSLContext.getInstance(protocol);
        c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
        return c;
    }

    private Issued selfSigned(String name, String subject) throws Exception {
        KeyPair kp = ec();
        X500Name dn = new X500Name(subject);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                dn,
                new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                dn,
                kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        return write(name, cert, kp.getPrivate(), cert, KeyForm.PKCS8);
    }

    private Issued issue(
            String name,
            Issued issuer,
            String subject,
            KeyPair kp,
            KeyForm form,
            KeyPurposeId purpose,
            GeneralName... sans)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuer.certificate(),
                new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                new X500Name(subject),
                kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (ocspUrlForNext != null) {
            b.addExtension(
                    Extension.authorityInfoAccess,
                    false,
                    new AuthorityInformationAccess(
                            AccessDescription.id_ad_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrlForNext)));
        }
        if (mustStapleForNext) {
            b.addExtension(
                    new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.24"),
                    false,
                    new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Integer(5)));
        }
        if (sans.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key())));
        return write(name, cert, kp.getPrivate(), issuer.certificate(), form);
    }

    private Issued write(String name, X509Certificate cert, PrivateKey key, X509Certificate issuer, KeyForm form)
            throws IOException {
        Path certFile = dir.resolve(name + ".pem");
        Path keyFile = dir.resolve(name + "-key.pem");
        try (Writer w = Files.newBufferedWriter(certFile, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(cert);
        }
        try (Writer w = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            if (form == KeyForm.PKCS8) {
                pem.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                pem.writeObject(key);
            }
        }
        return new Issued(cert, key, issuer, certFile, keyFile);
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    /** An EC key whose SEC1 encoding names its curve, as {@code openssl ecparam -genkey} writes it. */
    private static KeyPair ecWithCurveInKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }
}
