package io.natsspring.sample.saga.event;

import java.time.Instant;

/** Terminal: the order is paid and reserved ({@code orders.confirmed}). */
public record OrderConfirmed(String orderId, String customerId, Instant at) implements SagaEvent {}
