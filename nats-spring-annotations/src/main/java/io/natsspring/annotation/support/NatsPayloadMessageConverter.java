package io.natsspring.annotation.support;

import io.nats.client.impl.Headers;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

/**
 * Adapts a {@link NatsMessageConverter} to Spring Messaging's {@link SmartMessageConverter}, so that the standard
 * payload and {@code Message<T>} argument resolvers convert with it, generic parameter types included.
 */
public class NatsPayloadMessageConverter implements SmartMessageConverter {

    private final NatsMessageConverter delegate;

    public NatsPayloadMessageConverter(NatsMessageConverter delegate) {
        this.delegate = delegate;
    }

    /** The adapted converter. */
    public NatsMessageConverter getDelegate() {
        return delegate;
    }

    @Override
    public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
        return fromMessage(message, targetClass, null);
    }

    @Override
    public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass, @Nullable Object conversionHint) {
        Object payload = message.getPayload();
        if (!(payload instanceof byte[] bytes)) {
            return targetClass.isInstance(payload) ? payload : null;
        }
        return delegate.fromPayload(bytes, targetType(targetClass, conversionHint), contentType(message.getHeaders()));
    }

    @Override
    public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers) {
        return toMessage(payload, headers, null);
    }

    @Override
    public @Nullable Message<?> toMessage(
            Object payload, @Nullable MessageHeaders headers, @Nullable Object conversionHint) {
        Headers natsHeaders = new Headers();
        byte[] bytes = delegate.toPayload(payload, natsHeaders);
        MessageBuilder<byte[]> builder = MessageBuilder.withPayload(bytes);
        if (headers != null) {
            builder.copyHeaders(headers);
        }
        String contentType = natsHeaders.getFirst(NatsMessageHeaders.NATS_CONTENT_TYPE);
        if (contentType != null) {
            builder.setHeader(MessageHeaders.CONTENT_TYPE, contentType);
        }
        return builder.build();
    }

    private static Type targetType(Class<?> targetClass, @Nullable Object hint) {
        if (!(hint instanceof MethodParameter parameter)) {
            return targetClass;
        }
        ResolvableType type = ResolvableType.forMethodParameter(parameter.nestedIfOptional());
        if (Message.class.isAssignableFrom(type.toClass())) {
            type = type.getGeneric(0);
        }
        Type resolved = type.getType();
        return type.resolve() != null ? resolved : targetClass;
    }

    static @Nullable MimeType contentType(MessageHeaders headers) {
        Object value = headers.get(MessageHeaders.CONTENT_TYPE);
        if (value instanceof MimeType mimeType) {
            return mimeType;
        }
        if (value instanceof String text && !text.isBlank()) {
            try {
                return MimeType.valueOf(text);
            } catch (IllegalArgumentException ex) {
                return null;
            }
        }
        return null;
    }
}
