package io.natsspring.boot.autoconfigure;

import java.util.Locale;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a failed initial connection: which servers were tried, the cause, and what to set ({@code nats.servers},
 * {@code nats.mode}, credentials, {@code nats.retry-on-initial-connect}).
 */
class NatsConnectionFailureAnalyzer extends AbstractFailureAnalyzer<NatsConnectionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NatsConnectionException cause) {
        String servers =
                cause.getServers().isEmpty() ? "the configured servers" : String.join(", ", cause.getServers());
        String reason = rootMessage(cause.getCause());
        String description = "The application could not connect to NATS. Servers tried: " + servers + "."
                + (reason == null ? "" : " Cause: " + reason + ".");
        String lower = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        String action;
        if (lower.contains("authorization") || lower.contains("authentication") || lower.contains("auth")) {
            action = "The server refused the credentials. Set the ones it expects: nats.username and nats.password,"
                    + " nats.token, nats.nkey-seed or nats.credentials (a .creds file).";
        } else if (lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate")) {
            action = "The TLS handshake failed. Check nats.ssl.bundle (spring.ssl.bundle.*) against the server's"
                    + " certificate, and that the URL scheme matches the server (tls:// or nats://).";
        } else {
            action = "Check that a NATS server runs at " + servers + " and is reachable (nats.servers). To use the"
                    + " embedded broker instead, remove nats.servers and leave nats.mode at auto (or set"
                    + " nats.mode=embedded). To wait for a server that starts later, set"
                    + " nats.retry-on-initial-connect=true (nats.max-reconnects and nats.reconnect-wait bound the wait).";
        }
        return new FailureAnalysis(description, action, cause);
    }

    private static String rootMessage(Throwable t) {
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return message;
    }
}
