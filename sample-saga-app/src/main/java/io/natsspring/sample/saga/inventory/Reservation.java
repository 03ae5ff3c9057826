package io.natsspring.sample.saga.inventory;

import java.time.Instant;

/**
 * The outcome of reserving one order's items, kept in the {@code reservations} bucket so that a redelivered
 * {@code payments.completed} is answered with the same outcome instead of reserving twice.
 *
 * @param reason why it failed; {@code null} when reserved
 */
public record Reservation(String orderId, ReservationStatus status, String reason, Instant at) {}
