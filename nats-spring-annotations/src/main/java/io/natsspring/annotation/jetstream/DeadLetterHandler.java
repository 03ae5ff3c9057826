package io.natsspring.annotation.jetstream;

/**
 * Receives JetStream messages that exhausted their deliveries or failed non-retryably, before the container
 * terminates them. {@link DeadLetterPublisher} republishes to a subject; declare a bean of this type for a route of
 * your own (used by listeners without a {@code deadLetter} attribute).
 */
@FunctionalInterface
public interface DeadLetterHandler {

    /** Handles the failed message; an exception leaves the message un-terminated so it is redelivered. */
    void handle(FailedMessage failed) throws Exception;
}
