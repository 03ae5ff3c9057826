package io.natsspring.sample.saga.order;

import io.natsspring.annotation.NonRetryable;

/**
 * An event names an order this service never stored. Retrying will not make it appear, so the listener
 * dead-letters the event at once.
 */
@NonRetryable
public class UnknownOrderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnknownOrderException(String orderId) {
        super("No order " + orderId);
    }
}
