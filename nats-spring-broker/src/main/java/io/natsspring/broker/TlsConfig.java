package io.natsspring.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS of a listener, as {@code nats-server}'s {@code tls { ... }} block: the server's certificate and key (PEM
 * files, or a {@link KeyManagerFactory}), the CAs that sign client certificates (a PEM file, or a
 * {@link TrustManagerFactory}), {@code verify} / {@code verify_and_map}, the handshake {@code timeout},
 * {@code handshake_first} (with its fallback delay), {@code min_version}, {@code cipher_suites},
 * {@code curve_preferences}, {@code pinned_certs}, several certificates chosen by SNI ({@code certs}) and the
 * OCSP settings ({@code ocsp}, {@code ocsp_peer}). Immutable; build with {@link #builder()}.
 */
public final class TlsConfig {

    /** Default handshake timeout, {@code nats-server}'s {@code TLS_TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern SHA256_HEX = Pattern.compile("^[A-Fa-f0-9]{64}$");

    /** {@code nats-server}'s {@code ocsp { mode }}: OCSP stapling of the server certificate. */
    public enum OcspMode {
        /** Staple when the certificate asks for it (Must-Staple); {@code nats-server}'s default. */
        AUTO,
        /** Always staple. */
        ALWAYS,
        /** Staple when the certificate asks for it, and stop the server when it is revoked. */
        MUST,
        /** Never staple. */
        NEVER
    }

    /** One certificate and key pair of {@code certs: [{cert_file, key_file}]}. */
    public record Certificate(Path certFile, Path keyFile) {

        public Certificate {
            Objects.requireNonNull(certFile, "cert_file");
            Objects.requireNonNull(keyFile, "key_file");
        }
    }

    /** Which TLS implementation serves the handshake. */
    public enum Engine {
        /** OpenSSL (BoringSSL, from {@code netty-tcnative}) when it loads on this platform, else the JDK's. */
        AUTO,
        /** The JDK's {@code SSLEngine}. */
        JDK,
        /** OpenSSL; fails when the native library does not load. */
        OPENSSL
    }

    private final Path certFile;
    private final Path keyFile;
    private final Path caFile;
    private final KeyManagerFactory keyManagerFactory;
    private final TrustManagerFactory trustManagerFactory;
    private final boolean verify;
    private final boolean verifyAndMap;
    private final boolean requestClientCertificate;
    private final Duration timeout;
    private final boolean handshakeFirst;
    private final String minVersion;
    private final List<String> cipherSuites;
    private final Set<String> pinnedCerts;
    private final boolean allowNonTls;
    private final Engine engine;
    private final List<Certificate> certificates;
    private final List<String> curvePreferences;
    private final Duration handshakeFirstFallback;
    private final OcspMode ocspMode;
    private final boolean ocspPeer;
    private final List<String> ocspUrls;
    private final long connectionRateLimit;
    private final boolean allowInsecureCipherSuites;
    private final OcspPeerOptions ocspPeerOptions;
    private final OcspPeerCache ocspPeerCache;

    private TlsConfig(Builder b) {
        this.ocspPeerCache = b.ocspPeerCache;
        this.connectionRateLimit = b.connectionRateLimit;
        this.allowInsecureCipherSuites = b.allowInsecureCipherSuites;
        this.ocspPeerOptions = b.ocspPeerOptions;
        this.certificates = List.copyOf(b.certificates);
        this.curvePreferences = List.copyOf(b.curvePreferences);
        this.handshakeFirstFallback = b.handshakeFirstFallback;
        this.ocspMode = b.ocspMode;
        this.ocspPeer = b.ocspPeer;
        this.ocspUrls = List.copyOf(b.ocspUrls);
        this.certFile = b.certFile;
        this.keyFile = b.keyFile;
        this.caFile = b.caFile;
        this.keyManagerFactory = b.keyManagerFactory;
        this.trustManagerFactory = b.trustManagerFactory;
        this.verify = b.verify || b.verifyAndMap;
        this.verifyAndMap = b.verifyAndMap;
        this.requestClientCertificate = b.requestClientCertificate;
        this.timeout = b.timeout;
        this.handshakeFirst = b.handshakeFirst;
        this.minVersion = b.minVersion;
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.pinnedCerts = Set.copyOf(b.pinnedCerts);
        this.allowNonTls = b.allowNonTls;
        this.engine = b.engine;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.certFile = certFile;
        b.keyFile = keyFile;
        b.caFile = caFile;
        b.keyManagerFactory = keyManagerFactory;
        b.trustManagerFactory = trustManagerFactory;
        b.verify = verify;
        b.verifyAndMap = verifyAndMap;
        b.requestClientCertificate = requestClientCertificate;
        b.timeout = timeout;
        b.handshakeFirst = handshakeFirst;
        b.minVersion = minVersion;
        b.cipherSuites = new ArrayList<>(cipherSuites);
        b.pinnedCerts = new LinkedHashSet<>(pinnedCerts);
        b.allowNonTls = allowNonTls;
        b.engine = engine;
        b.certificates = new ArrayList<>(certificates);
        b.curvePreferences = new ArrayList<>(curvePreferences);
        b.handshakeFirstFallback = handshakeFirstFallback;
        b.ocspMode = ocspMode;
        b.ocspPeer = ocspPeer;
        b.ocspUrls = new ArrayList<>(ocspUrls);
        b.connectionRateLimit = connectionRateLimit;
        b.allowInsecureCipherSuites = allowInsecureCipherSuites;
        b.ocspPeerOptions = ocspPeerOptions;
        b.ocspPeerCache = ocspPeerCache;
        return b;
    }

    /** PEM certificate chain of the server ({@code cert_file}), {@code null} with a key manager factory. */
    public Path certFile() {
        return certFile;
    }

    /** PEM private key of the server ({@code key_file}: PKCS#8, PKCS#1 RSA or SEC1 EC). */
    public Path keyFile() {
        return keyFile;
    }

    /** PEM CA certificates that sign client certificates ({@code ca_file}), or {@code null}. */
    public Path caFile() {
        return caFile;
    }

    /** The server's key material as a factory (e.g. from a Spring SSL bundle), or {@code null}. */
    public KeyManagerFactory keyManagerFactory() {
        return keyManagerFactory;
    }

    /** The trust for client certificates as a factory, or {@code null}. */
    public TrustManagerFactory trustManagerFactory() {
        return trustManagerFactory;
    }

    /** Whether clients must present a certificate signed by a trusted CA ({@code verify}). */
    public boolean verify() {
        return verify;
    }

    /** Whether the client certificate also names the user ({@code verify_and_map}); implies {@link #verify()}. */
    public boolean verifyAndMap() {
        return verifyAndMap;
    }

    /**
     * Whether a client certificate is asked for but not required (not a {@code nats-server} setting; Spring's
     * {@code client-auth=want}). A certificate that is presented must still verify.
     */
    public boolean requestClientCertificate() {
        return requestClientCertificate;
    }

    /** Handshake timeout ({@code timeout}), {@link #DEFAULT_TIMEOUT} unless set. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether the TLS handshake comes before the INFO ({@code handshake_first}). */
    public boolean handshakeFirst() {
        return handshakeFirst;
    }

    /** Lowest TLS version, {@code "1.2"} (the default) or {@code "1.3"}. */
    public String minVersion() {
        return minVersion;
    }

    /** TLS 1.2 cipher suites by IANA name ({@code cipher_suites}); empty means the engine's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** Lower-case hex SHA-256 of the accepted client certificates' SubjectPublicKeyInfo; empty accepts any. */
    public Set<String> pinnedCerts() {
        return pinnedCerts;
    }

    /** Whether plain-text clients are also accepted ({@code allow_non_tls}: INFO says {@code tls_available}). */
    public boolean allowNonTls() {
        return allowNonTls;
    }

    /** The TLS implementation to use. */
    public Engine engine() {
        return engine;
    }

    /** The certificates chosen by the client's SNI ({@code certs}); empty with a single {@link #certFile()}. */
    public List<Certificate> certificates() {
        return certificates;
    }

    /** Key exchange groups by {@code nats-server}'s names ({@code curve_preferences}); empty for the defaults. */
    public List<String> curvePreferences() {
        return curvePreferences;
    }

    /**
     * With {@link #handshakeFirst()}: how long the server waits for the client's TLS handshake before it sends
     * the INFO and serves the client the usual way ({@code handshake_first: auto} or a duration); {@code null}
     * waits for the handshake without fallback.
     */
    public Duration handshakeFirstFallback() {
        return handshakeFirstFallback;
    }

    /** OCSP stapling ({@code ocsp}); {@code null} when not configured ({@code nats-server}'s automatic mode). */
    public OcspMode ocspMode() {
        return ocspMode;
    }

    /** Whether client certificates are checked with OCSP ({@code ocsp_peer}). */
    public boolean ocspPeer() {
        return ocspPeer;
    }

    /**
     * {@code ocsp { url, urls }}: the OCSP responders asked for the server certificate's staple instead of those
     * its Authority Information Access names; empty for the certificate's own.
     */
    public List<String> ocspUrls() {
        return ocspUrls;
    }

    /**
     * New TLS handshakes allowed per second on the client port ({@code connection_rate_limit}); {@code 0}: no
     * limit. A client over the limit gets {@code -ERR 'Connection throttling is active. Please try again later.'}.
     */
    public long connectionRateLimit() {
        return connectionRateLimit;
    }

    /** Whether Go's insecure cipher suites may be named in {@link #cipherSuites()} ({@code allow_insecure_cipher_suites}). */
    public boolean allowInsecureCipherSuites() {
        return allowInsecureCipherSuites;
    }

    /** The {@code ocsp_peer} options (timeouts, soft-fail switches); {@link OcspPeerOptions#DEFAULTS} unless set. */
    public OcspPeerOptions ocspPeerOptions() {
        return ocspPeerOptions;
    }

    /** The cache of {@code ocsp_peer} responses ({@code ocsp_cache}); {@link OcspPeerCache#DEFAULT} unless set. */
    public OcspPeerCache ocspPeerCache() {
        return ocspPeerCache;
    }

    /**
     * {@code nats-server}'s top-level {@code ocsp_cache}: whether the OCSP responses {@code ocsp_peer} gets are kept
     * (in memory) while current, and whether a revocation is kept after it stops being current.
     *
     * @param enabled         {@code type: local} (the default) rather than {@code none}
     * @param preserveRevoked {@code preserve_revoked}
     */
    public record OcspPeerCache(boolean enabled, boolean preserveRevoked) {
        /** {@code nats-server}'s default: a local cache. */
        public static final OcspPeerCache DEFAULT = new OcspPeerCache(true, false);
    }

    /**
     * The options of {@code ocsp_peer { ... }}, with {@code nats-server}'s defaults in {@link #DEFAULTS}.
     *
     * @param caTimeout                   how long a responder may take ({@code ca_timeout}, 2 s)
     * @param allowedClockSkew            tolerance on the response's validity window ({@code allowed_clockskew}, 30 s)
     * @param cacheTtlWhenNextUpdateUnset how long a response without {@code nextUpdate} is good for
     *                                    ({@code cache_ttl_when_next_update_unset}, 1 h)
     * @param warnOnly                    whether a failed check only logs a warning ({@code warn_only})
     * @param unknownIsGood               whether an {@code unknown} status is accepted ({@code unknown_is_good})
     * @param allowWhenCaUnreachable      whether a client is accepted when no responder answers (unless a revocation
     *                                    is cached) ({@code allow_when_ca_unreachable})
     */
    public record OcspPeerOptions(
            Duration caTimeout,
            Duration allowedClockSkew,
            Duration cacheTtlWhenNextUpdateUnset,
            boolean warnOnly,
            boolean unknownIsGood,
            boolean allowWhenCaUnreachable) {

        /** {@code nats-server}'s defaults. */
        public static final OcspPeerOptions DEFAULTS = new OcspPeerOptions(
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(1), false, false, false);

        public OcspPeerOptions {
            Objects.requireNonNull(caTimeout, "caTimeout");
            Objects.requireNonNull(allowedClockSkew, "allowedClockSkew");
            Objects.requireNonNull(cacheTtlWhenNextUpdateUnset, "cacheTtlWhenNextUpdateUnset");
        }
    }

    /** Mutable builder of {@link TlsConfig}. */
    public static final class Builder {
        private Path certFile;
        private Path keyFile;
        private Path caFile;
        private KeyManagerFactory keyManagerFactory;
        private TrustManagerFactory trustManagerFactory;
        private boolean verify;
        private boolean verifyAndMap;
        private boolean requestClientCertificate;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean handshakeFirst;
        private String minVersion = "1.2";
        private List<String> cipherSuites = new ArrayList<>();
        private Set<String> pinnedCerts = new LinkedHashSet<>();
        private boolean allowNonTls;
        private Engine engine = Engine.AUTO;
        private List<Certificate> certificates = new ArrayList<>();
        private List<String> curvePreferences = new ArrayList<>();
        private Duration handshakeFirstFallback;
        private OcspMode ocspMode;
        private boolean ocspPeer;
        private List<String> ocspUrls = new ArrayList<>();
        private long connectionRateLimit;
        private boolean allowInsecureCipherSuites;
        private OcspPeerOptions ocspPeerOptions = OcspPeerOptions.DEFAULTS;
        private OcspPeerCache ocspPeerCache = OcspPeerCache.DEFAULT;

        private Builder() {}

        /** The cache of {@code ocsp_peer} responses ({@code ocsp_cache}). */
        public Builder ocspPeerCache(OcspPeerCache cache) {
            this.ocspPeerCache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** New TLS handshakes allowed per second ({@code connection_rate_limit}); {@code 0} or less: no limit. */
        public Builder connectionRateLimit(long perSecond) {
            this.connectionRateLimit = Math.max(0, perSecond);
            return this;
        }

        /** Allows Go's insecure cipher suite names in {@code cipher_suites} ({@code allow_insecure_cipher_suites}). */
        public Builder allowInsecureCipherSuites(boolean allow) {
            this.allowInsecureCipherSuites = allow;
            return this;
        }

        /** The {@code ocsp_peer} options; used when {@link #ocspPeer(boolean)} is on. */
        public Builder ocspPeerOptions(OcspPeerOptions options) {
            this.ocspPeerOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Several certificates ({@code certs}): the one whose names match the client's SNI serves the handshake,
         * the first one when none does.
         */
        public Builder certificates(List<Certificate> certificates) {
            this.certificates = new ArrayList<>(certificates);
            return this;
        }

        /**
         * Key exchange groups in order of preference, by {@code nats-server}'s names: {@code X25519MLKEM768},
         * {@code X25519}, {@code CurveP...}
         */
        public Builder curvePreferences(List<String> curves) {
            if (curves.isEmpty()) {
                throw new IllegalArgumentException("'curve_preferences' cannot be empty");
            }
            this.curvePreferences = new ArrayList<>(curves);
            return this;
        }

        /**
         * Handshake first with a fallback: a client that has sent nothing after {@code delay} gets the INFO and
         * is served as without {@code handshake_first} ({@code null}: no fallback).
         */
        public Builder handshakeFirstFallback(Duration delay) {
            if (delay != null && (delay.isNegative() || delay.isZero())) {
                throw new IllegalArgumentException("the handshake_first fallback delay must be positive");
            }
            this.handshakeFirstFallback = delay;
            if (delay != null) {
                this.handshakeFirst = true;
            }
            return this;
        }

        /** OCSP stapling mode ({@code null}: not configured). */
        public Builder ocsp(OcspMode mode) {
            this.ocspMode = mode;
            return this;
        }

        /** OCSP responders asked for the staple instead of the certificate's own ({@code ocsp { url, urls }}). */
        public Builder ocspUrls(List<String> urls) {
            this.ocspUrls = new ArrayList<>(urls);
            return this;
        }

        /** Whether client certificates are checked with OCSP ({@code ocsp_peer}). */
        public Builder ocspPeer(boolean ocspPeer) {
            this.ocspPeer = ocspPeer;
            return this;
        }

        /** The server's PEM certificate chain and private key. */
        public Builder certificate(Path certFile, Path keyFile) {
            this.certFile = Objects.requireNonNull(certFile, "cert_file");
            this.keyFile = Objects.requireNonNull(keyFile, "key_file");
            return this;
        }

        /** The server's key material as a factory (used instead of PEM files). */
        public Builder keyManagerFactory(KeyManagerFactory factory) {
            this.keyManagerFactory = factory;
            return this;
        }

        /** PEM CA certificates for client certificates. */
        public Builder caFile(Path caFile) {
            this.caFile = caFile;
            return this;
        }

        /** Trust for client certificates as a factory (used instead of a CA file). */
        public Builder trustManagerFactory(TrustManagerFactory factory) {
            this.trustManagerFactory = factory;
            return this;
        }

        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        public Builder verifyAndMap(boolean verifyAndMap) {
            this.verifyAndMap = verifyAndMap;
            return this;
        }

        /** Asks for a client certificate without requiring one (Spring's {@code client-auth=want}). */
        public Builder requestClientCertificate(boolean request) {
            this.requestClientCertificate = request;
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("tls timeout must be a positive duration, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder handshakeFirst(boolean handshakeFirst) {
            this.handshakeFirst = handshakeFirst;
            return this;
        }

        /** {@code "1.2"} or {@code "1.3"}; older versions are refused as by {@code nats-server}. */
        public Builder minVersion(String minVersion) {
            String v = Objects.requireNonNull(minVersion, "min_version").trim();
            if (!v.equals("1.2") && !v.equals("1.3")) {
                if (v.equals("1.0") || v.equals("1.1")) {
                    throw new IllegalArgumentException("unsupported TLS version: TLS " + v);
                }
                throw new IllegalArgumentException("unknown version: " + v);
            }
            this.minVersion = v;
            return this;
        }

        /** TLS 1.2 cipher suites by IANA name (as {@code nats-server} names them). */
        public Builder cipherSuites(List<String> cipherSuites) {
            if (cipherSuites.isEmpty()) {
                throw new IllegalArgumentException("'cipher_suites' cannot be empty");
            }
            this.cipherSuites = new ArrayList<>(cipherSuites);
            return this;
        }

        /** Hex SHA-256 of the SubjectPublicKeyInfo of each accepted client certificate. */
        public Builder pinnedCerts(Set<String> pinnedCerts) {
            Set<String> set = new LinkedHashSet<>();
            for (String p : pinnedCerts) {
                if (!SHA256_HEX.matcher(p).matches()) {
                    throw new IllegalArgumentException("'pinned_certs' key " + p.toLowerCase(Locale.ROOT)
                            + " does not look like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo");
                }
                set.add(p.toLowerCase(Locale.ROOT));
            }
            this.pinnedCerts = set;
            return this;
        }

        public Builder allowNonTls(boolean allowNonTls) {
            this.allowNonTls = allowNonTls;
            return this;
        }

        public Builder engine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /** Checks that key material is given once and returns the configuration. */
        public TlsConfig build() {
            if (!certificates.isEmpty() && (certFile != null || keyManagerFactory != null)) {
                throw new IllegalArgumentException("cannot combine 'cert_file' option with 'certs' option");
            }
            boolean pem = certFile != null || keyFile != null || !certificates.isEmpty();
            if (pem && keyManagerFactory != null) {
                throw new IllegalArgumentException("give either cert_file/key_file or a KeyManagerFactory, not both");
            }
            if (!pem && keyManagerFactory == null) {
                throw new IllegalArgumentException("missing 'cert_file' and 'key_file' in TLS configuration");
            }
            if (caFile != null && trustManagerFactory != null) {
                throw new IllegalArgumentException("give either ca_file or a TrustManagerFactory, not both");
            }
            return new TlsConfig(this);
        }
    }
}
