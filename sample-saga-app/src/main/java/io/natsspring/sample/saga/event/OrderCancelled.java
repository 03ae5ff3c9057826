package io.natsspring.sample.saga.event;

import java.time.Instant;

/** Terminal: the order will not be fulfilled, and why ({@code orders.cancelled}). */
public record OrderCancelled(String orderId, String customerId, String reason, Instant at) implements SagaEvent {}
