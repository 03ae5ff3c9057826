package io.natsspring.sample.saga.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** The body of {@code PUT /inventory/{sku}}. */
public record StockUpdate(
        @NotNull @PositiveOrZero @Max(1_000_000_000) Integer available) {}
