package io.natsspring.sample.saga.order;

/** The steps of an order, in the order they happen; {@code CANCELLED} may follow any step but the last. */
public enum OrderStatus {
    PENDING,
    PAID,
    RESERVED,
    CONFIRMED,
    CANCELLED;

    /** Whether the saga of an order in this status is over. */
    public boolean isFinal() {
        return this == CONFIRMED || this == CANCELLED;
    }
}
