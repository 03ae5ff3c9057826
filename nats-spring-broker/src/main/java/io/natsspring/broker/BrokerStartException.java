package io.natsspring.broker;

/** The broker could not start; the message says why and which setting to change. */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
