package io.natsspring.sample.saga.inventory;

/** Outcome of reserving an order's items. */
public enum ReservationStatus {
    RESERVED,
    FAILED
}
