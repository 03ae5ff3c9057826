package io.natsspring.sample.saga.event;

import java.time.Instant;

/** The order's items could not all be reserved; nothing stays reserved ({@code inventory.failed}). */
public record InventoryFailed(String orderId, String reason, Instant at) implements SagaEvent {}
