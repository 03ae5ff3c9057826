package io.natsspring.sample.saga.event;

/** Stream, subjects and dead-letter subjects of the saga. */
public final class SagaSubjects {

    /** The stream that carries every saga event (interest retention: kept until each interested consumer acked). */
    public static final String STREAM = "SAGA";

    public static final String ORDERS_CREATED = "orders.created";
    public static final String ORDERS_CONFIRMED = "orders.confirmed";
    public static final String ORDERS_CANCELLED = "orders.cancelled";
    public static final String PAYMENTS_COMPLETED = "payments.completed";
    public static final String PAYMENTS_FAILED = "payments.failed";
    public static final String PAYMENTS_REFUNDED = "payments.refunded";
    public static final String INVENTORY_RESERVED = "inventory.reserved";
    public static final String INVENTORY_FAILED = "inventory.failed";
    public static final String NOTIFICATIONS_SENT = "notifications.sent";

    /**
     * Core request/reply subject of the stock query. No stream captures it: a stream would answer the request with
     * its publish acknowledgement before the responder does.
     */
    public static final String INVENTORY_CHECK = "inventory.check";

    /** Prefix of the dead-letter subjects, captured by the {@code SAGA_DLQ} stream. */
    public static final String DEAD_LETTER_PREFIX = "saga.dlq.";

    private SagaSubjects() {}
}
