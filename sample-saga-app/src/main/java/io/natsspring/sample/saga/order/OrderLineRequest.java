package io.natsspring.sample.saga.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** A line of {@code POST /orders}. */
public record OrderLineRequest(
        @NotBlank @Size(max = 64) String sku,
        @NotNull @Positive @Max(10_000) Integer quantity) {}
