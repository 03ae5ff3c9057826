package io.natsspring.sample.saga.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order was accepted and waits for payment ({@code orders.created}). */
public record OrderCreated(String orderId, String customerId, List<OrderItem> items, BigDecimal amount, Instant at)
        implements SagaEvent {}
