package io.natsspring.kv.core;

import io.nats.client.JetStreamApiException;

/** The server refused a Key-Value operation; carries its JetStream API error code. */
public class KeyValueServerException extends KeyValueException {

    private final int apiErrorCode;

    /** The server answered {@code cause} to an operation on {@code key} ({@code null} for bucket-wide ones). */
    public KeyValueServerException(
            String bucket, @org.jspecify.annotations.Nullable String key, JetStreamApiException cause) {
        super(bucket, key, "Server error: " + cause.getMessage(), cause);
        this.apiErrorCode = cause.getApiErrorCode();
    }

    /** The JetStream API error code, e.g. 10071 for a wrong last sequence. */
    public int apiErrorCode() {
        return apiErrorCode;
    }
}
