package io.natsspring.sample.saga.event;

import java.time.Instant;

/** Every item of the order is set aside ({@code inventory.reserved}). */
public record InventoryReserved(String orderId, Instant at) implements SagaEvent {}
