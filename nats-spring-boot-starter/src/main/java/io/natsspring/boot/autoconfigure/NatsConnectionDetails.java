package io.natsspring.boot.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the application's NATS connection goes and how it authenticates. Defined from {@code nats.*} properties
 * or by the embedded broker; a {@code @ServiceConnection} or Docker Compose integration can supply its own bean,
 * which then wins over both.
 */
public interface NatsConnectionDetails extends ConnectionDetails {

    /** Server URLs, e.g. {@code nats://host:4222}. */
    List<String> getServers();

    /** User name for user/password authentication, or {@code null}. */
    default String getUsername() {
        return null;
    }

    /** Password for user/password authentication, or {@code null}. */
    default String getPassword() {
        return null;
    }

    /** Token for token authentication, or {@code null}. */
    default String getToken() {
        return null;
    }

    /**
     * NKey seed ({@code SU...}) for NKey authentication, or {@code null} ({@code nats.nkey-seed}, when set, wins).
     * The embedded broker gives the seed of the NKey user the application logs in as.
     */
    default String getNkeySeed() {
        return null;
    }

    /**
     * TLS material of the connection, or {@code null} for none ({@code nats.ssl.bundle}, when set, wins). The
     * embedded broker gives its own bundle when it runs with TLS.
     */
    default SslBundle getSslBundle() {
        return null;
    }

    /** Whether the TLS handshake must come first, before the server's INFO (the server's handshake_first). */
    default boolean isTlsFirst() {
        return false;
    }
}
