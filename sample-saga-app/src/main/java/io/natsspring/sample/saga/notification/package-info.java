/**
 * The notification service: tells the customer how each order ended ({@code orders.confirmed},
 * {@code orders.cancelled}), here as a log line, an entry in an in-memory outbox ({@code GET /notifications}) and a
 * {@code notifications.sent} event.
 */
package io.natsspring.sample.saga.notification;
