package io.natsspring.annotation.support;

import io.natsspring.annotation.ReplyTo;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Resolves {@link ReplyTo @ReplyTo} parameters to the request's reply subject (null for plain messages). */
public class ReplyToArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(ReplyTo.class);
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
        return message.getHeaders().get(NatsMessageHeaders.REPLY_TO, String.class);
    }
}
