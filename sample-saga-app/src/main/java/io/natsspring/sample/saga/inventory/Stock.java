package io.natsspring.sample.saga.inventory;

/** The value of a SKU's entry in the {@code inventory} bucket. */
public record Stock(int available) {}
