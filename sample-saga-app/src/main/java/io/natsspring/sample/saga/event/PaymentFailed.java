package io.natsspring.sample.saga.event;

import java.time.Instant;

/** The charge was declined ({@code payments.failed}). */
public record PaymentFailed(String orderId, String reason, Instant at) implements SagaEvent {}
