package io.natsspring.boot.autoconfigure;

/** The application could not connect to NATS at startup; the message names the servers and the properties involved. */
public class NatsConnectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NatsConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
