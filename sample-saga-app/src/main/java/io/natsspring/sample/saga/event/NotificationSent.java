package io.natsspring.sample.saga.event;

import java.time.Instant;

/** The customer was told how their order ended ({@code notifications.sent}). */
public record NotificationSent(String orderId, String customerId, String status, String message, Instant at)
        implements SagaEvent {}
