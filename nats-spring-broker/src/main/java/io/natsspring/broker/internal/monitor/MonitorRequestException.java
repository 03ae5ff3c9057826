package io.natsspring.broker.internal.monitor;

/**
 * A monitoring request that can not be answered, as {@code nats-server} refuses it: over HTTP a plain-text body
 * with status 400 (e.g. {@code Account X does not exist}); in a system request an error with code 500.
 */
public final class MonitorRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MonitorRequestException(String message) {
        super(message, null, false, false);
    }
}
