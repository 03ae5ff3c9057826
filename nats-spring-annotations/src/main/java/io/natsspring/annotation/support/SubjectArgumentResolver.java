package io.natsspring.annotation.support;

import io.natsspring.annotation.Subject;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/** Resolves {@link Subject @Subject} parameters to the subject the message was published on. */
public class SubjectArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(Subject.class);
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
        return message.getHeaders().get(NatsMessageHeaders.SUBJECT, String.class);
    }
}
