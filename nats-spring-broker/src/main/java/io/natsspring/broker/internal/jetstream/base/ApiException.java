package io.natsspring.broker.internal.jetstream.base;

/** Thrown by request handling and the stream layer to answer with a JetStream API error. */
public final class ApiException extends RuntimeException {

    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.description(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
