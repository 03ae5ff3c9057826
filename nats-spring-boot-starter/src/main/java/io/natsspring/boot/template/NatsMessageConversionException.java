package io.natsspring.boot.template;

/** A payload could not be converted to or from message bytes. */
public class NatsMessageConversionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NatsMessageConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
