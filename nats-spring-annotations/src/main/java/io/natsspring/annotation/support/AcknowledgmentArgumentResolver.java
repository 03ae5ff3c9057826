package io.natsspring.annotation.support;

import io.natsspring.annotation.jetstream.Acknowledgment;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Resolves {@link Acknowledgment} parameters of {@code @JetStreamConsumer} methods. */
public class AcknowledgmentArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Acknowledgment.class.isAssignableFrom(parameter.getParameterType());
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
        Object ack = message.getHeaders().get(NatsMessageHeaders.ACKNOWLEDGMENT);
        if (ack == null) {
            throw new MessageHandlingException(
                    message,
                    "An Acknowledgment parameter is only available to @JetStreamConsumer methods: " + parameter);
        }
        return ack;
    }
}
