package io.natsspring.broker.internal.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the server {@link SslContext} of a listener from its {@link TlsSettings}: PEM files read as
 * {@code nats-server} reads them (certificate chain; PKCS#8, PKCS#1 RSA or SEC1 EC key) or key/trust manager
 * factories; client certificates required with {@code verify}; TLS 1.2 or 1.3 at least; the configured TLS 1.2
 * suites. The engine is OpenSSL (BoringSSL from {@code netty-tcnative}) when it loads, else the JDK's.
 */
public final class TlsContexts {

    private TlsContexts() {}

    /** Whether the OpenSSL engine loads on this platform. */
    public static boolean openSslAvailable() {
        return OpenSsl.isAvailable();
    }

    /** The engine the settings resolve to: {@code "OPENSSL"} or {@code "JDK"}. */
    public static String engineName(TlsSettings settings) {
        return provider(settings.engine()) == SslProvider.OPENSSL ? "OPENSSL" : "JDK";
    }

    /**
     * The server context.
     *
     * @throws TlsSetupException naming the setting and file that can not be used
     */
    public static SslContext serverContext(TlsSettings s) {
        return serverContexts(s).get(0).context();
    }

    /**
     * A server context and the certificate chain it presents ({@code leaf} {@code null} when a key manager factory
     * does not expose it), with what OCSP stapling does for it and how the certificate is named in messages.
     */
    record ServerContext(
            X509Certificate leaf,
            SslContext context,
            X509Certificate[] chain,
            OcspSupport.Stapling stapling,
            String certName) {}

    /**
     * The server contexts: one per certificate of {@code certs}, else the single one.
     *
     * @throws TlsSetupException naming the setting and file that can not be used
     */
    static List<ServerContext> serverContexts(TlsSettings s) {
        List<ServerContext> out = new ArrayList<>();
        if (s.keyManagerFactory() != null) {
            X509Certificate[] chain = KeyManagerChains.first(s.keyManagerFactory());
            X509Certificate leaf = chain == null ? null : chain[0];
            String name = leaf == null
                    ? "key manager"
                    : leaf.getSubjectX500Principal().getName();
            OcspSupport.Stapling stapling = OcspSupport.plan(s.ocspMode(), leaf, name);
            out.add(new ServerContext(
                    leaf,
                    build(s, SslContextBuilder.forServer(s.keyManagerFactory()), stapling, leaf),
                    chain,
                    stapling,
                    name));
        } else if (!s.certificates().isEmpty()) {
            for (TlsSettings.CertificateFiles f : s.certificates()) {
                out.add(pemContext(s, f.certFile(), f.keyFile()));
            }
        } else {
            out.add(pemContext(s, s.certFile(), s.keyFile()));
        }
        return out;
    }

    private static ServerContext pemContext(TlsSettings s, Path certFile, Path keyFile) {
        PemMaterial pem = PemMaterial.read(certFile, keyFile);
        X509Certificate leaf = pem.chain()[0];
        OcspSupport.Stapling stapling = OcspSupport.plan(s.ocspMode(), leaf, certFile.toString());
        return new ServerContext(
                leaf,
                build(s, SslContextBuilder.forServer(pem.key(), pem.chain()), stapling, leaf),
                pem.chain(),
                stapling,
                certFile.toString());
    }

    private static SslContext build(
            TlsSettings s, SslContextBuilder b, OcspSupport.Stapling stapling, X509Certificate leaf) {
        if (s.ocspPeer() && (s.caFile() != null || s.trustManagerFactory() != null)) {
            b.trustManager(OcspPeerTrustManager.of(s));
        } else if (s.caFile() != null) {
            b.trustManager(PemMaterial.readCertificates("ca_file", s.caFile()));
        } else if (s.trustManagerFactory() != null) {
            b.trustManager(s.trustManagerFactory());
        }
        b.clientAuth(s.verify() ? ClientAuth.REQUIRE : s.want() ? ClientAuth.OPTIONAL : ClientAuth.NONE);
        b.protocols("1.3".equals(s.minVersion()) ? List.of("TLSv1.3") : List.of("TLSv1.3", "TLSv1.2"));
        SslProvider provider = provider(s.engine());
        if (!s.cipherSuites().isEmpty()) {
            try {
                List<String> suites = CipherSuiteNames.engineSuites(s.cipherSuites(), s.allowInsecureCiphers());
                if (s.allowInsecureCiphers()) {
                    suites = CipherSuiteNames.supportedBy(provider, suites);
                }
                b.ciphers(suites);
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("cipher_suites", e.getMessage(), e);
            }
        }
        b.sslProvider(provider);
        if (stapling.staple()) {
            if (provider != SslProvider.OPENSSL || !OpenSsl.isOcspSupported()) {
                throw OcspSupport.needsOpenSsl(leaf, s.ocspMode() == null ? "auto" : s.ocspMode());
            }
            b.enableOcsp(true);
        }
        if (!s.curvePreferences().isEmpty()) {
            if (provider == SslProvider.OPENSSL) {
                b.option(OpenSslContextOption.GROUPS, CurvePreferences.openSslGroups(s.curvePreferences()));
            } else if (!CurvePreferences.jdkSupported()) {
                throw CurvePreferences.unsupported(null);
            }
        }
        try {
            return b.build();
        } catch (Exception e) {
            throw new TlsSetupException("tls", "can not set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks PEM files and cipher suite names without building a context, for configuration readers.
     *
     * @throws TlsSetupException naming the setting at fault
     */
    public static void check(Path certFile, Path keyFile, Path caFile, List<String> cipherSuites) {
        check(certFile, keyFile, caFile, cipherSuites, List.of());
    }

    /**
     * As {@link #check(Path, Path, Path, List)}, with the {@code curve_preferences} names too.
     *
     * @throws TlsSetupException naming the setting at fault
     */
    public static void check(Path certFile, Path keyFile, Path caFile, List<String> cipherSuites, List<String> curves) {
        check(certFile, keyFile, caFile, cipherSuites, curves, false);
    }

    /**
     * As {@link #check(Path, Path, Path, List, List)}; with {@code allowInsecureCiphers} Go's insecure suites pass.
     *
     * @throws TlsSetupException naming the setting at fault
     */
    public static void check(
            Path certFile,
            Path keyFile,
            Path caFile,
            List<String> cipherSuites,
            List<String> curves,
            boolean allowInsecureCiphers) {
        for (String curve : curves) {
            try {
                CurvePreferences.check(curve);
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("curve_preferences", e.getMessage(), e);
            }
        }
        if (certFile != null || keyFile != null) {
            PemMaterial.read(certFile, keyFile);
        }
        if (caFile != null) {
            PemMaterial.readCertificates("ca_file", caFile);
        }
        for (String name : cipherSuites) {
            try {
                CipherSuiteNames.check(name, allowInsecureCiphers);
            } catch (IllegalArgumentException e) {
                throw new TlsSetupException("cipher_suites", e.getMessage(), e);
            }
        }
    }

    /** System property that picks the engine for {@code AUTO}: {@code JDK} or {@code OPENSSL} (for benchmarks). */
    public static final String ENGINE_PROPERTY = "io.natsspring.broker.tls.engine";

    static SslProvider provider(String engine) {
        String chosen = engine == null || engine.equals("AUTO")
                ? System.getProperty(ENGINE_PROPERTY, "AUTO").toUpperCase(java.util.Locale.ROOT)
                : engine;
        return switch (chosen) {
            case "JDK" -> SslProvider.JDK;
            case "OPENSSL" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new TlsSetupException(
                            "engine",
                            "the OpenSSL TLS engine does not load here: " + OpenSsl.unavailabilityCause(),
                            OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** Opens a configured file, failing with the setting's name and the file's path. */
    static InputStream open(String key, Path file) {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(key, key + " " + file + ": no such file", e);
        } catch (IOException e) {
            throw new TlsSetupException(key, key + " " + file + ": can not be read (" + e.getMessage() + ")", e);
        }
    }
}
