/**
 * The events the saga's services exchange, their subjects, and the publisher that sends them to the {@code SAGA}
 * stream with a message id per order and event, so that a repeated publish is dropped as a duplicate.
 */
package io.natsspring.sample.saga.event;
