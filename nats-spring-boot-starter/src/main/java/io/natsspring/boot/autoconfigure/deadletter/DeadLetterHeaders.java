package io.natsspring.boot.autoconfigure.deadletter;

/** Headers that {@link DeadLetterRouter} adds to a dead letter, beside the original message's own headers. */
public final class DeadLetterHeaders {

    /** Stream the message came from. */
    public static final String STREAM = "Nats-DLQ-Stream";
    /** Consumer that gave up on it. */
    public static final String CONSUMER = "Nats-DLQ-Consumer";
    /** Its sequence in the source stream. */
    public static final String SEQUENCE = "Nats-DLQ-Sequence";
    /** How many times it was delivered. */
    public static final String DELIVERIES = "Nats-DLQ-Deliveries";
    /** Original subject. */
    public static final String SUBJECT = "Nats-DLQ-Subject";
    /** {@code max_deliveries} or {@code terminated}. */
    public static final String REASON = "Nats-DLQ-Reason";
    /** Reason given with a termination, when the server reports one. */
    public static final String DETAIL = "Nats-DLQ-Detail";

    /** Value of {@link #REASON} for messages that exhausted their deliveries. */
    public static final String REASON_MAX_DELIVERIES = "max_deliveries";
    /** Value of {@link #REASON} for messages a consumer terminated. */
    public static final String REASON_TERMINATED = "terminated";

    private DeadLetterHeaders() {}
}
