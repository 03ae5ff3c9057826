package io.natsspring.broker.internal.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code nats-server}'s cipher suite names (Go's, which are the IANA names) and their JSSE/OpenSSL equivalents.
 * Go applies {@code cipher_suites} to TLS 1.2 only and always offers its TLS 1.3 suites; so does this broker.
 */
public final class CipherSuiteNames {

    /** The TLS 1.3 suites, always enabled as in Go. */
    static final List<String> TLS13 =
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** Go's {@code tls.CipherSuites()}: the secure suites {@code nats-server} accepts. */
    private static final Set<String> SECURE = Set.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Go's {@code tls.InsecureCipherSuites()}: known, but refused without {@code allow_insecure_cipher_suites}. */
    private static final Set<String> INSECURE = Set.of(
            "TLS_RSA_WITH_RC4_128_SHA",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");

    private CipherSuiteNames() {}

    /**
     * Checks one configured name as {@code nats-server} does.
     *
     * @throws IllegalArgumentException with {@code nats-server}'s message for an unknown or insecure suite
     */
    public static void check(String name) {
        check(name, false);
    }

    /**
     * As {@link #check(String)}; with {@code allowInsecure} ({@code allow_insecure_cipher_suites}) Go's insecure
     * suites are accepted.
     */
    public static void check(String name, boolean allowInsecure) {
        if (INSECURE.contains(name) && !allowInsecure) {
            throw new IllegalArgumentException(
                    "insecure cipher suites configured without 'allow_insecure_cipher_suites' option set: " + name);
        }
        if (!SECURE.contains(name) && !INSECURE.contains(name)) {
            throw new IllegalArgumentException("unrecognized cipher " + name);
        }
    }

    /** The suites to enable in the engine: the configured TLS 1.2 ones, then the TLS 1.3 ones. */
    static List<String> engineSuites(List<String> configured) {
        return engineSuites(configured, false);
    }

    /** As {@link #engineSuites(List)}, with Go's insecure suites accepted when {@code allowInsecure}. */
    static List<String> engineSuites(List<String> configured, boolean allowInsecure) {
        List<String> r = new ArrayList<>();
        for (String name : configured) {
            check(name, allowInsecure);
            if (!TLS13.contains(name)) {
                r.add(name);
            }
        }
        r.addAll(TLS13);
        return r;
    }

    /**
     * The suites the engine implements, in order; the others (Go's insecure suites an engine has dropped, like
     * RC4 in BoringSSL) are logged once as not offered.
     */
    static List<String> supportedBy(io.netty.handler.ssl.SslProvider provider, List<String> suites) {
        Set<String> jdk = null;
        if (provider != io.netty.handler.ssl.SslProvider.OPENSSL) {
            try {
                jdk = Set.of(javax.net.ssl.SSLContext.getDefault()
                        .getSupportedSSLParameters()
                        .getCipherSuites());
            } catch (java.security.NoSuchAlgorithmException e) {
                jdk = Set.of();
            }
        }
        List<String> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : suites) {
            boolean available =
                    jdk == null ? io.netty.handler.ssl.OpenSsl.isCipherSuiteAvailable(name) : jdk.contains(name);
            if (available) {
                out.add(name);
            } else {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            System.getLogger(CipherSuiteNames.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "cipher_suites: " + String.join(", ", missing) + " not implemented by the "
                                    + (jdk == null ? "OpenSSL" : "JDK") + " TLS engine; not offered");
        }
        return out;
    }
}
