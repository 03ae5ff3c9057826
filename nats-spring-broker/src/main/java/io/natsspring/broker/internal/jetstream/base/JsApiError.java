package io.natsspring.broker.internal.jetstream.base;

/**
 * The JetStream API errors this broker answers with, taken by hand from {@code nats-server}'s error table
 * ({@code code} = HTTP-like status, {@code errCode} = the {@code err_code} clients match on). Descriptions with a
 * placeholder ({@code {err}}, {@code {seq}}, …) are filled in with {@link #with(Object)}.
 */
public enum JsApiError {
    ACCOUNT_RESOURCES_EXCEEDED(400, 10002, "resource limits exceeded for account"),
    BAD_REQUEST(400, 10003, "bad request"),
    CONSUMER_CREATE(500, 10012, "{err}"),
    CONSUMER_NAME_EXIST(400, 10013, "consumer name already in use"),
    CONSUMER_NOT_FOUND(404, 10014, "consumer not found"),
    CONSUMER_DURABLE_NAME_NOT_IN_SUBJECT(
            400, 10016, "consumer expected to be durable but no durable name set in subject"),
    CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT(
            400, 10017, "consumer name in subject does not match durable name in request"),
    CONSUMER_DURABLE_NAME_NOT_SET(400, 10018, "consumer expected to be durable but a durable name was not set"),
    CONSUMER_EPHEMERAL_WITH_DURABLE_NAME(
            400, 10020, "consumer expected to be ephemeral but a durable name was set in request"),
    CONSUMER_CONFIG_REQUIRED(400, 10078, "consumer config required"),
    CONSUMER_DELIVER_TO_WILDCARDS(400, 10079, "consumer deliver subject has wildcards"),
    CONSUMER_PUSH_MAX_WAITING(400, 10080, "consumer in push mode can not set max waiting"),
    CONSUMER_DELIVER_CYCLE(400, 10081, "consumer deliver subject forms a cycle"),
    CONSUMER_MAX_PENDING_ACK_POLICY_REQUIRED(400, 10082, "consumer requires ack policy for max ack pending"),
    CONSUMER_SMALL_HEARTBEAT(400, 10083, "consumer idle heartbeat needs to be >= 100ms"),
    CONSUMER_PULL_REQUIRES_ACK(400, 10084, "consumer in pull mode requires explicit ack policy on workqueue stream"),
    CONSUMER_PULL_WITH_RATE_LIMIT(400, 10086, "consumer in pull mode can not have rate limit set"),
    CONSUMER_MAX_WAITING_NEGATIVE(400, 10087, "consumer max waiting needs to be positive"),
    CONSUMER_HB_REQUIRES_PUSH(400, 10088, "consumer idle heartbeat requires a push based consumer"),
    CONSUMER_FC_REQUIRES_PUSH(400, 10089, "consumer flow control requires a push based consumer"),
    CONSUMER_DIRECT_REQUIRES_PUSH(400, 10090, "consumer direct requires a push based consumer"),
    CONSUMER_DIRECT_REQUIRES_EPHEMERAL(400, 10091, "consumer direct requires an ephemeral consumer"),
    CONSUMER_INVALID_POLICY(400, 10094, "{err}"),
    CONSUMER_INVALID_SAMPLING(400, 10095, "failed to parse consumer sampling configuration: {err}"),
    CONSUMER_WQ_REQUIRES_EXPLICIT_ACK(400, 10098, "workqueue stream requires explicit ack"),
    CONSUMER_WQ_MULTIPLE_UNFILTERED(400, 10099, "multiple non-filtered consumers not allowed on workqueue stream"),
    CONSUMER_WQ_CONSUMER_NOT_UNIQUE(400, 10100, "filtered consumer not unique on workqueue stream"),
    CONSUMER_WQ_CONSUMER_NOT_DELIVER_ALL(400, 10101, "consumer must be deliver all on workqueue stream"),
    CONSUMER_NAME_TOO_LONG(400, 10102, "consumer name is too long, maximum allowed is {max}"),
    CONSUMER_BAD_DURABLE_NAME(400, 10103, "durable name can not contain '.', '*', '>'"),
    CONSUMER_STORE_FAILED(500, 10104, "error creating store for consumer: {err}"),
    CONSUMER_EXISTING_ACTIVE(400, 10105, "consumer already exists and is still active"),
    CONSUMER_DESCRIPTION_TOO_LONG(400, 10107, "consumer description is too long, maximum allowed is {max}"),
    CONSUMER_FLOW_CONTROL_NEEDS_HEARTBEATS(400, 10108, "consumer with flow control also needs heartbeats"),
    CONSUMER_INVALID_DELIVER_SUBJECT(400, 10112, "invalid push consumer deliver subject"),
    CONSUMER_MAX_REQUEST_BATCH_NEGATIVE(400, 10114, "consumer max request batch needs to be > 0"),
    CONSUMER_MAX_REQUEST_EXPIRES_TOO_SMALL(400, 10115, "consumer max request expires needs to be >= 1ms"),
    CONSUMER_MAX_DELIVER_BACKOFF(400, 10116, "max deliver is required to be > length of backoff values"),
    CONSUMER_MAX_PENDING_ACK_EXCESS(400, 10121, "consumer max ack pending exceeds system limit of {limit}"),
    CONSUMER_REPLICAS_EXCEEDS_STREAM(400, 10126, "consumer config replica count exceeds parent stream"),
    CONSUMER_NAME_CONTAINS_PATH_SEPARATORS(400, 10127, "Consumer name can not contain path separators"),
    CONSUMER_CREATE_FILTER_SUBJECT_MISMATCH(
            400, 10131, "Consumer create request did not match filtered subject from create subject"),
    CONSUMER_CREATE_DURABLE_AND_NAME_MISMATCH(
            400, 10132, "Consumer Durable and Name have to be equal if both are provided"),
    CONSUMER_METADATA_LENGTH(400, 10135, "consumer metadata exceeds maximum size of {limit}"),
    CONSUMER_DUPLICATE_FILTER_SUBJECTS(
            400, 10136, "consumer cannot have both FilterSubject and FilterSubjects specified"),
    CONSUMER_MULTIPLE_FILTERS_NOT_ALLOWED(
            400, 10137, "consumer with multiple subject filters cannot use subject based API"),
    CONSUMER_OVERLAPPING_SUBJECT_FILTERS(400, 10138, "consumer subject filters cannot overlap"),
    CONSUMER_EMPTY_FILTER(400, 10139, "consumer filter in FilterSubjects cannot be empty"),
    CONSUMER_ALREADY_EXISTS(400, 10148, "consumer already exists"),
    CONSUMER_DOES_NOT_EXIST(400, 10149, "consumer does not exist"),
    CONSUMER_PRIORITY_POLICY_WITHOUT_GROUP(
            400, 10159, "Setting PriorityPolicy requires at least one PriorityGroup to be set"),
    CONSUMER_INVALID_PRIORITY_GROUP(400, 10160, "Provided priority group does not exist for this consumer"),
    CONSUMER_EMPTY_GROUP_NAME(400, 10161, "Group name cannot be an empty string"),
    CONSUMER_INVALID_GROUP_NAME(
            400, 10162, "Valid priority group name must match A-Z, a-z, 0-9, -_/=)+ and may not exceed 16 characters"),
    CONSUMER_PUSH_WITH_PRIORITY_GROUP(400, 10178, "priority groups can not be used with push consumers"),
    CONSUMER_PRIORITY_GROUP_WITH_POLICY_NONE(400, 10196, "consumer can not have priority groups when policy is none"),
    CONSUMER_PINNED_TTL_WITHOUT_PRIORITY_POLICY_NONE(400, 10197, "PinnedTTL cannot be set when PriorityPolicy is none"),
    CONSUMER_INVALID_RESET(400, 10204, "invalid reset: {err}"),
    CONSUMER_INACTIVE_THRESHOLD_EXCESS(400, 10153, "consumer inactive threshold exceeds system limit of {limit}"),
    INSUFFICIENT_RESOURCES(503, 10023, "insufficient resources"),
    INVALID_JSON(400, 10025, "invalid JSON: {err}"),
    MAXIMUM_CONSUMERS_LIMIT(400, 10026, "maximum consumers limit reached"),
    MAXIMUM_STREAMS_LIMIT(400, 10027, "maximum number of streams reached"),
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
    STREAM_NAME_EXIST_RESTORE_FAILED(400, 10130, "stream name already in use, cannot restore"),
    STREAM_RESTORE(500, 10062, "restore failed: {err}"),
    STREAM_SNAPSHOT(500, 10064, "snapshot failed: {err}"),
    SNAPSHOT_DELIVER_SUBJECT_INVALID(400, 10015, "deliver subject not valid"),
    STREAM_NOT_FOUND(404, 10059, "stream not found"),
    STREAM_NOT_MATCH(400, 10060, "expected stream does not match"),
    STREAM_REPLICAS_NOT_UPDATABLE(400, 10061, "Replicas configuration can not be updated"),
    STREAM_SUBJECT_OVERLAP(400, 10065, "subjects overlap with an existing stream"),
    STREAM_UPDATE(500, 10069, "{err}"),
    STREAM_WRONG_LAST_MSG_ID(400, 10070, "wrong last msg ID: {id}"),
    STREAM_WRONG_LAST_SEQUENCE(400, 10071, "wrong last sequence: {seq}"),
    STREAM_REPLICAS_NOT_SUPPORTED(500, 10074, "replicas > 1 not supported in non-clustered mode"),
    NO_LIMITS(400, 10120, "no JetStream default or applicable tiered limit present"),
    STREAM_TOO_MANY_REQUESTS(429, 10167, "too many requests"),
    STREAM_STORE_FAILED(503, 10077, "{err}"),
    STREAM_HEADER_EXCEEDS_MAXIMUM(400, 10097, "header size exceeds maximum allowed of 64k"),
    STREAM_SEALED(400, 10109, "invalid operation on sealed stream"),
    STREAM_PURGE_FAILED(500, 10110, "{err}"),
    STREAM_ROLLUP_FAILED(500, 10111, "{err}"),
    STREAM_NAME_CONTAINS_PATH_SEPARATORS(400, 10128, "Stream name can not contain path separators"),
    REPLICAS_COUNT_CANNOT_BE_NEGATIVE(400, 10133, "replicas count cannot be negative"),
    STREAM_WRONG_LAST_SEQUENCE_CONSTANT(400, 10164, "wrong last sequence"),
    MESSAGE_TTL_INVALID(400, 10165, "invalid per-message TTL"),
    MESSAGE_TTL_DISABLED(400, 10166, "per-message TTL is disabled"),
    MESSAGE_INCR_DISABLED(400, 10168, "message counters is disabled"),
    MESSAGE_INCR_MISSING(400, 10169, "message counter increment is missing"),
    MESSAGE_INCR_PAYLOAD(400, 10170, "message counter has payload"),
    MESSAGE_INCR_INVALID(400, 10171, "message counter increment is invalid"),
    MESSAGE_COUNTER_BROKEN(400, 10172, "message counter is broken"),
    MIRROR_WITH_COUNTERS(400, 10173, "stream mirrors can not also calculate counters"),
    ATOMIC_PUBLISH_DISABLED(400, 10174, "atomic publish is disabled"),
    ATOMIC_PUBLISH_MISSING_SEQ(400, 10175, "atomic publish sequence is missing"),
    ATOMIC_PUBLISH_INCOMPLETE_BATCH(400, 10176, "atomic publish batch is incomplete"),
    ATOMIC_PUBLISH_UNSUPPORTED_HEADER(400, 10177, "atomic publish unsupported header used: {header}"),
    ATOMIC_PUBLISH_INVALID_BATCH_ID(400, 10179, "atomic publish batch ID is invalid"),
    REQUIRED_API_LEVEL(412, 10185, "JetStream minimum api level required"),
    MIRROR_WITH_MSG_SCHEDULES(400, 10186, "stream mirrors can not also schedule messages"),
    SOURCE_WITH_MSG_SCHEDULES(400, 10187, "stream source can not also schedule messages"),
    MESSAGE_SCHEDULES_DISABLED(400, 10188, "message schedules is disabled"),
    MESSAGE_SCHEDULES_PATTERN_INVALID(400, 10189, "message schedules pattern is invalid"),
    MESSAGE_SCHEDULES_TARGET_INVALID(400, 10190, "message schedules target is invalid"),
    MESSAGE_SCHEDULES_TTL_INVALID(400, 10191, "message schedules invalid per-message TTL"),
    MESSAGE_SCHEDULES_ROLLUP_INVALID(400, 10192, "message schedules invalid rollup"),
    MIRROR_WITH_ATOMIC_PUBLISH(400, 10198, "stream mirrors can not also use atomic publishing"),
    ATOMIC_PUBLISH_TOO_LARGE_BATCH(400, 10199, "atomic publish batch is too large: {size}"),
    ATOMIC_PUBLISH_INVALID_BATCH_COMMIT(400, 10200, "atomic publish batch commit is invalid"),
    ATOMIC_PUBLISH_DUPLICATE_MESSAGE(400, 10201, "atomic publish batch contains duplicate message id"),
    STREAM_EXPECTED_LAST_SEQ_PER_SUBJECT_INVALID(400, 10193, "missing sequence for expected last sequence per subject"),
    MESSAGE_SCHEDULES_SOURCE_INVALID(400, 10203, "message schedules source is invalid"),
    ATOMIC_PUBLISH_TOO_MANY_INFLIGHT(429, 10210, "atomic publish too many inflight"),
    BATCH_PUBLISH_DISABLED(400, 10205, "batch publish is disabled"),
    BATCH_PUBLISH_INVALID_PATTERN(400, 10206, "batch publish pattern is invalid"),
    BATCH_PUBLISH_INVALID_BATCH_ID(400, 10207, "batch publish ID is invalid"),
    BATCH_PUBLISH_UNKNOWN_BATCH_ID(400, 10208, "batch publish ID unknown"),
    MIRROR_WITH_BATCH_PUBLISH(400, 10209, "stream mirrors can not also use batch publishing"),
    BATCH_PUBLISH_TOO_MANY_INFLIGHT(429, 10211, "batch publish too many inflight"),
    MESSAGE_SCHEDULES_SCHEDULER_INVALID(400, 10212, "message schedules invalid scheduler"),
    MESSAGE_SCHEDULES_TIME_ZONE_INVALID(400, 10223, "message schedules time zone is invalid"),
    MIRROR_CONSUMER_REQUIRES_ACK_FC(400, 10214, "stream mirror consumer requires flow control ack policy"),
    SOURCE_CONSUMER_REQUIRES_ACK_FC(400, 10217, "stream source consumer requires flow control ack policy"),
    CONSUMER_ACK_FC_REQUIRES_PUSH(400, 10218, "flow control ack policy requires a push based consumer"),
    CONSUMER_ACK_FC_REQUIRES_FC(400, 10219, "flow control ack policy requires flow control"),
    CONSUMER_ACK_FC_REQUIRES_MAX_ACK_PENDING(400, 10220, "flow control ack policy requires max ack pending"),
    CONSUMER_ACK_FC_REQUIRES_NO_ACK_WAIT(400, 10221, "flow control ack policy requires unset ack wait"),
    CONSUMER_ACK_FC_REQUIRES_NO_MAX_DELIVER(400, 10222, "flow control ack policy requires unset max deliver"),
    CONSUMER_STREAM_IDENTITY_MISMATCH(400, 10225, "consumer's stream identity does not match: {msg}"),
    MESSAGE_SOURCE_HEADER_NOT_ALLOWED(400, 10227, "message stream source header is not allowed"),
    STREAM_OFFLINE_REASON(500, 10194, "stream is offline: {err}"),
    CONSUMER_OFFLINE_REASON(500, 10195, "consumer is offline: {err}");

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
        String filled =
                open < 0 ? description : description.substring(0, open) + value + description.substring(close + 1);
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
