package io.natsspring.sample.saga.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The customer was charged; carries the items so that the inventory needs nothing else ({@code payments.completed}). */
public record PaymentCompleted(String orderId, String customerId, List<OrderItem> items, BigDecimal amount, Instant at)
        implements SagaEvent {}
