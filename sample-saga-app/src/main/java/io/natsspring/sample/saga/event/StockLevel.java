package io.natsspring.sample.saga.event;

/** Units of a SKU available right now: the reply of {@code inventory.check} and the body of {@code /inventory}. */
public record StockLevel(String sku, int available) {}
