/**
 * The payment service: charges an order when it is created ({@code payments.completed} or {@code payments.failed})
 * and refunds it when the inventory cannot fulfil it ({@code payments.refunded}), the saga's compensation.
 * Payments are kept in the Key-Value bucket {@code payments}, one entry per order.
 */
package io.natsspring.sample.saga.payment;
