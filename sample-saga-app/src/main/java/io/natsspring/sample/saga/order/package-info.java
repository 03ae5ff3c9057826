/**
 * The order service: accepts orders over HTTP, keeps each order's state and history in the Key-Value bucket
 * {@code orders}, starts the saga with {@code orders.created} and ends it with {@code orders.confirmed} or
 * {@code orders.cancelled} as the payment and inventory events come back.
 */
package io.natsspring.sample.saga.order;
