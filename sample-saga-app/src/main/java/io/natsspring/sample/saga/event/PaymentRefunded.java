package io.natsspring.sample.saga.event;

import java.math.BigDecimal;
import java.time.Instant;

/** A charge was given back because the order could not be fulfilled ({@code payments.refunded}). */
public record PaymentRefunded(String orderId, BigDecimal amount, String reason, Instant at) implements SagaEvent {}
