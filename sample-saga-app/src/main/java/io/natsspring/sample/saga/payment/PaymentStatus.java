package io.natsspring.sample.saga.payment;

/** Where a payment stands. */
public enum PaymentStatus {
    CHARGED,
    DECLINED,
    REFUNDED
}
