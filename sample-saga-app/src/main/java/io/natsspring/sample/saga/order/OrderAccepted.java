package io.natsspring.sample.saga.order;

/** The answer to {@code POST /orders}: the order's id and its status at that moment. */
public record OrderAccepted(String orderId, OrderStatus status) {}
