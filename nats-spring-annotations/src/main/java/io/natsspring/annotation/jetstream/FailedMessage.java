package io.natsspring.annotation.jetstream;

import io.nats.client.Message;

/**
 * A JetStream message the listener gave up on, handed to a {@link DeadLetterHandler}.
 *
 * @param listenerId the container id
 * @param message the original jnats message (payload, headers, metadata)
 * @param reason {@link #REASON_MAX_DELIVERIES} or {@link #REASON_NON_RETRYABLE}
 * @param failure the handler's exception
 */
public record FailedMessage(String listenerId, Message message, String reason, Throwable failure) {

    /** The message failed on its last allowed delivery. */
    public static final String REASON_MAX_DELIVERIES = "max_deliveries";

    /** The failure was classified non-retryable. */
    public static final String REASON_NON_RETRYABLE = "non_retryable";
}
