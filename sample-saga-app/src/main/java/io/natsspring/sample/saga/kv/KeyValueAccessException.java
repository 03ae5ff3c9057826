package io.natsspring.sample.saga.kv;

/** A Key-Value bucket could not be read or written; a listener that meets it retries (the message is nak'd). */
public class KeyValueAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyValueAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
