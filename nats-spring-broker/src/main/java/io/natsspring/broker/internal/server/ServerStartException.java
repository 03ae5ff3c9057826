package io.natsspring.broker.internal.server;

/** The server could not start; the message names the address or the part that failed. */
public final class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
