package io.natsspring.broker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * TLS of the account server fetches of {@code resolver: URL("https://…")}, as {@code nats-server}'s top-level
 * {@code resolver_tls} block: the CAs the account server's certificate must chain to (else the JVM's default trust),
 * a client certificate to present, or no verification at all with {@code insecure}.
 *
 * @param certFile PEM certificate chain presented to the account server, or {@code null}
 * @param keyFile  its PEM private key, or {@code null} (both or neither)
 * @param caFile   PEM CAs trusted for the account server, or {@code null} for the JVM's default trust store
 * @param insecure the account server's certificate and host name go unchecked
 * @param timeout  {@code timeout} of the block (kept for the configuration: a fetch is bounded as a whole), or
 *                 {@code null}
 */
public record ResolverTlsConfig(Path certFile, Path keyFile, Path caFile, boolean insecure, Duration timeout) {

    public ResolverTlsConfig {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("resolver_tls needs both cert_file and key_file");
        }
    }
}
