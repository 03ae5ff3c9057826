package io.natsspring.broker.internal.jetstream.base;

/** Thrown by request handling and the stream layer to answer with a JetStream API error. */
public final class ApiException extends RuntimeException {

    private final transient ApiError error;
    private final transient Object responseFields;

    public ApiException(ApiError error) {
        this(error, null);
    }

    /** @param responseFields what the error answer carries besides {@code error}, or {@code null} */
    public ApiException(ApiError error, Object responseFields) {
        super(error.description(), null, false, false);
        this.error = error;
        this.responseFields = responseFields;
    }

    /** Fields written after {@code error} in the answer, or {@code null}. */
    public Object responseFields() {
        return responseFields;
    }

    public ApiError error() {
        return error;
    }
}
