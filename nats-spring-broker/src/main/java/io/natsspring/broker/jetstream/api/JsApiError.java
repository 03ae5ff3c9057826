package io.natsspring.broker.jetstream.api;

/**
 * The JetStream API errors this broker answers with, taken by hand from {@code nats-server}'s error table
 * ({@code code} = HTTP-like status, {@code errCode} = the {@code err_code} clients match on). Descriptions with a
 * placeholder ({@code {err}}, {@code {seq}}, …) are filled in with {@link #with(Object)}.
 */
public enum JsApiError {

    ACCOUNT_RESOURCES_EXCEEDED(400, 10002, "resource limits exceeded for account"),
    BAD_REQUEST(400, 10003, "bad request"),
    INSUFFICIENT_RESOURCES(503, 10023, "insufficient resources"),
    INVALID_JSON(400, 10025, "invalid JSON"),
    MAXIMUM_CONSUMERS_LIMIT(400, 10026, "maximum consumers limit reached"),
    MEMORY_RESOURCES_EXCEEDED(500, 10028, "insufficient memory resources available"),
    NO_MESSAGE_FOUND(404, 10037, "no message found"),
    NOT_EMPTY_REQUEST(400, 10038, "expected an empty request payload"),
    NOT_ENABLED_FOR_ACCOUNT(503, 10039, "JetStream not enabled for account"),
    SEQUENCE_NOT_FOUND(400, 10043, "sequence {seq} not found"),
    STORAGE_RESOURCES_EXCEEDED(500, 10047, "insufficient storage resources available"),
    STREAM_CREATE(500, 10049, "{err}"),
    STREAM_DELETE(500, 10050, "{err}"),
    STREAM_GENERAL(500, 10051, "{err}"),
    STREAM_INVALID_CONFIG(500, 10052, "{err}"),
    STREAM_MESSAGE_EXCEEDS_MAXIMUM(400, 10054, "message size exceeds maximum allowed"),
    STREAM_MIRROR_NOT_UPDATABLE(400, 10055, "stream mirror configuration can not be updated"),
    STREAM_MISMATCH(400, 10056, "stream name in subject does not match request"),
    STREAM_MSG_DELETE_FAILED(500, 10057, "{err}"),
    STREAM_NAME_EXIST(400, 10058, "stream name already in use with a different configuration"),
    STREAM_NOT_FOUND(404, 10059, "stream not found"),
    STREAM_NOT_MATCH(400, 10060, "expected stream does not match"),
    STREAM_REPLICAS_NOT_UPDATABLE(400, 10061, "Replicas configuration can not be updated"),
    STREAM_SUBJECT_OVERLAP(400, 10065, "subjects overlap with an existing stream"),
    STREAM_UPDATE(500, 10069, "{err}"),
    STREAM_WRONG_LAST_MSG_ID(400, 10070, "wrong last msg ID: {id}"),
    STREAM_WRONG_LAST_SEQUENCE(400, 10071, "wrong last sequence: {seq}"),
    STREAM_REPLICAS_NOT_SUPPORTED(500, 10074, "replicas > 1 not supported in non-clustered mode"),
    STREAM_TOO_MANY_REQUESTS(429, 10168, "too many requests"),
    STREAM_STORE_FAILED(503, 10077, "{err}"),
    STREAM_HEADER_EXCEEDS_MAXIMUM(400, 10097, "header size exceeds maximum allowed of 64k"),
    STREAM_SEALED(400, 10109, "invalid operation on sealed stream"),
    STREAM_PURGE_FAILED(500, 10110, "{err}"),
    STREAM_ROLLUP_FAILED(500, 10111, "{err}"),
    STREAM_NAME_CONTAINS_PATH_SEPARATORS(400, 10128, "Stream name can not contain path separators"),
    REPLICAS_COUNT_CANNOT_BE_NEGATIVE(400, 10133, "replicas count cannot be negative"),
    MESSAGE_TTL_INVALID(400, 10165, "invalid per-message TTL"),
    MESSAGE_TTL_DISABLED(400, 10166, "per-message TTL is disabled");

    private final int code;
    private final int errCode;
    private final String description;

    JsApiError(int code, int errCode, String description) {
        this.code = code;
        this.errCode = errCode;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public int errCode() {
        return errCode;
    }

    /** The error with its description as is (placeholders, if any, left unfilled). */
    public ApiError error() {
        return new ApiError(code, errCode, description);
    }

    /** The error with its single {@code {…}} placeholder replaced by {@code value}. */
    public ApiError with(Object value) {
        int open = description.indexOf('{');
        int close = description.indexOf('}', open);
        String filled = open < 0 ? description
                : description.substring(0, open) + value + description.substring(close + 1);
        return new ApiError(code, errCode, filled);
    }

    /** An exception carrying {@link #error()}. */
    public ApiException exception() {
        return new ApiException(error());
    }

    /** An exception carrying {@link #with(Object)}. */
    public ApiException exception(Object value) {
        return new ApiException(with(value));
    }
}
