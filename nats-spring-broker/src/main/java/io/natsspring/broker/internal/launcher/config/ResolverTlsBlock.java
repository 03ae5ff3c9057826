package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.ResolverTlsConfig;
import io.natsspring.broker.internal.tls.TlsContexts;
import io.natsspring.broker.internal.tls.TlsSetupException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The top-level {@code resolver_tls { cert_file, key_file, ca_file, insecure, verify, timeout, handshake_first }}
 * block: the TLS of {@code resolver: URL("https://…")} fetches, where this server is the client. As nats-server
 * ({@code parseTLS} then {@code GenTLSConfig}), {@code verify}, {@code handshake_first} and {@code timeout} are
 * accepted (meaningless for an HTTP client); the files are checked at load. Other TLS settings are refused as not
 * supported yet.
 */
final class ResolverTlsBlock {

    private static final String BLOCK = "resolver_tls";
    /** The same keys as a leaf remote's {@code tls} block: this is an outbound connection too. */
    private static final Set<String> NOT_SUPPORTED_YET = LeafNodesBlock.REMOTE_TLS_NOT_SUPPORTED_YET;

    private ResolverTlsBlock() {}

    static ResolverTlsConfig read(ConfigEntry tls) {
        Path cert = null;
        Path key = null;
        Path ca = null;
        boolean insecure = false;
        Duration timeout = null;
        ConfigEntry at = tls;
        for (ConfigEntry e : EntryValues.block(tls).entries()) {
            if (e.variable()) {
                continue;
            }
            String name = EntryValues.name(e);
            switch (name) {
                case "cert_file" -> cert = Path.of(EntryValues.string(at = e));
                case "key_file" -> key = Path.of(EntryValues.string(at = e));
                case "ca_file" -> ca = Path.of(EntryValues.string(at = e));
                case "insecure" -> insecure = EntryValues.bool(e);
                case "verify", "handshake_first", "first", "immediate" -> EntryValues.bool(e);
                case "timeout" -> timeout = EntryValues.positiveDuration(e);
                default -> {
                    if (NOT_SUPPORTED_YET.contains(name)) {
                        throw new ConfigException(
                                e.location(),
                                "'" + e.key() + "' in " + BLOCK
                                        + " is a nats-server setting that nats-spring-broker does not support yet");
                    }
                    // nats-server's parseTLS text
                    throw new ConfigException(
                            e.location(), "error parsing tls config, unknown field \"" + e.key() + "\"");
                }
            }
        }
        if ((cert == null) != (key == null)) {
            throw new ConfigException(
                    tls.location(), "missing '" + (cert == null ? "cert_file" : "key_file") + "' in TLS configuration");
        }
        try {
            TlsContexts.check(cert, key, ca, List.of());
        } catch (TlsSetupException ex) {
            throw new ConfigException(at.location(), "invalid value for '" + ex.key() + "': " + ex.getMessage(), ex);
        }
        return new ResolverTlsConfig(cert, key, ca, insecure, timeout);
    }
}
