package io.natsspring.annotation.listener;

/**
 * Thrown by a {@code @NatsListener} method to answer a request with a chosen error code and description: the reply
 * carries the headers {@code Nats-Service-Error-Code} and {@code Nats-Service-Error} (the NATS micro convention).
 */
public class NatsServiceException extends RuntimeException {

    private final int code;

    public NatsServiceException(int code, String description) {
        super(description);
        this.code = code;
    }

    public NatsServiceException(int code, String description, Throwable cause) {
        super(description, cause);
        this.code = code;
    }

    /** The error code, HTTP-like (400 bad request, 404 not found, 500 internal error...). */
    public int getCode() {
        return code;
    }
}
