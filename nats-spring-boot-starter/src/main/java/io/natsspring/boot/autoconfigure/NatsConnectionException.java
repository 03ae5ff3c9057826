package io.natsspring.boot.autoconfigure;

import java.util.List;

/**
 * The application could not connect to NATS at startup; the message names the servers and the properties involved,
 * and {@link NatsConnectionFailureAnalyzer} says what to set.
 */
public class NatsConnectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> servers;

    public NatsConnectionException(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    /** @param servers the server URLs that were tried */
    public NatsConnectionException(String message, List<String> servers, Throwable cause) {
        super(message, cause);
        this.servers = List.copyOf(servers);
    }

    /** The server URLs that were tried; empty when unknown. */
    public List<String> getServers() {
        return servers;
    }
}
