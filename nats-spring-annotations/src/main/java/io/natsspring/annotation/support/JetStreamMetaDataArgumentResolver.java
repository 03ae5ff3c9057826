package io.natsspring.annotation.support;

import io.nats.client.impl.NatsJetStreamMetaData;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves {@link NatsJetStreamMetaData} parameters (stream, consumer, sequences, delivery count, pending, timestamp);
 * null for messages that did not come from JetStream.
 */
public class JetStreamMetaDataArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == NatsJetStreamMetaData.class;
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
        io.nats.client.Message raw = NatsMessageMapper.rawMessage(message);
        return raw != null && raw.isJetStream() ? raw.metaData() : null;
    }
}
