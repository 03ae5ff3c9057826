package io.natsspring.sample.saga.event;

/** A line of an order: how many units of which SKU. */
public record OrderItem(String sku, int quantity) {}
