package io.natsspring.annotation.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * Handles exceptions thrown by listener methods; referenced by bean name from {@code errorHandler}.
 *
 * <p>Returning makes the failure handled: for a core request a non-null value is sent as the reply (null sends
 * nothing); a JetStream message is acked. Throwing keeps the failure: a core requester gets an error reply and a
 * JetStream message follows the ack semantics for the thrown exception.
 */
@FunctionalInterface
public interface NatsListenerErrorHandler {

    /**
     * @param message the received message mapped to Spring ({@code byte[]} payload, NATS headers)
     * @param exception the failure, with the handler's exception as its cause
     */
    @Nullable
    Object handleError(Message<?> message, ListenerExecutionFailedException exception) throws Exception;
}
