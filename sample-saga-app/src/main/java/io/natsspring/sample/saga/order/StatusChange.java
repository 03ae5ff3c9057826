package io.natsspring.sample.saga.order;

import java.time.Instant;

/** An entry of an order's history: the step reached and when the service that caused it saw it happen. */
public record StatusChange(OrderStatus status, Instant at) {}
