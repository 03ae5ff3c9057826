package io.natsspring.broker.internal.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A listener's TLS settings, translated from the embedding API's {@code TlsConfig}.
 *
 * @param certFile            PEM certificate chain, or {@code null} with a key manager factory
 * @param keyFile             PEM private key, or {@code null} with a key manager factory
 * @param caFile              PEM CAs for client certificates, or {@code null}
 * @param keyManagerFactory   the server's key material, or {@code null} with PEM files
 * @param trustManagerFactory trust for client certificates, or {@code null}
 * @param verify              whether a client certificate is required and verified
 * @param map                 whether the client certificate names the user ({@code verify_and_map})
 * @param want                whether a client certificate is asked for without being required
 * @param timeout             handshake timeout, counted from the INFO (or the accept with handshake first)
 * @param handshakeFirst      whether the handshake comes before the INFO
 * @param minVersion          {@code "1.2"} or {@code "1.3"}
 * @param cipherSuites        TLS 1.2 suites by IANA name; empty for the engine's defaults
 * @param pinnedCerts         lower-case hex SHA-256 of accepted client SubjectPublicKeyInfos; empty accepts any
 * @param allowNonTls         whether plain-text clients are served too
 * @param engine              {@code AUTO}, {@code JDK} or {@code OPENSSL}
 * @param certificates        further PEM certificate/key pairs chosen by SNI ({@code certs}); empty for one
 * @param curvePreferences    key exchange groups by {@code nats-server}'s names; empty for the engine's defaults
 * @param fallbackDelay       with handshake first: the wait for the client's handshake before the INFO is sent
 *                            and the client served without handshake first; {@code null}: no fallback
 * @param ocspMode            {@code AUTO}, {@code ALWAYS}, {@code MUST}, {@code NEVER}; {@code null} not configured
 * @param ocspPeer            whether client certificates are to be checked with OCSP
 * @param ocspUrls            {@code ocsp { url, urls }}: responders asked instead of the certificate's own; empty
 *                            for the certificate's
 * @param connectionRateLimit new TLS handshakes allowed per second ({@code connection_rate_limit}); 0: no limit
 * @param allowInsecureCiphers whether Go's insecure suites may be named ({@code allow_insecure_cipher_suites})
 * @param ocspPeerPolicy      how {@code ocsp_peer} checks client certificates (options and response cache)
 */
public record TlsSettings(
        Path certFile,
        Path keyFile,
        Path caFile,
        KeyManagerFactory keyManagerFactory,
        TrustManagerFactory trustManagerFactory,
        boolean verify,
        boolean map,
        boolean want,
        Duration timeout,
        boolean handshakeFirst,
        String minVersion,
        List<String> cipherSuites,
        Set<String> pinnedCerts,
        boolean allowNonTls,
        String engine,
        List<CertificateFiles> certificates,
        List<String> curvePreferences,
        Duration fallbackDelay,
        String ocspMode,
        boolean ocspPeer,
        List<String> ocspUrls,
        long connectionRateLimit,
        boolean allowInsecureCiphers,
        OcspPeerPolicy ocspPeerPolicy) {

    public TlsSettings {
        ocspPeerPolicy = ocspPeerPolicy == null ? OcspPeerPolicy.DEFAULTS : ocspPeerPolicy;
        ocspUrls = List.copyOf(ocspUrls);
        cipherSuites = List.copyOf(cipherSuites);
        pinnedCerts = Set.copyOf(pinnedCerts);
        certificates = List.copyOf(certificates);
        curvePreferences = List.copyOf(curvePreferences);
    }

    /** A PEM certificate chain and its key. */
    public record CertificateFiles(Path certFile, Path keyFile) {}
}
