package io.natsspring.boot.template;

import io.nats.client.Message;
import io.nats.client.impl.Headers;

import java.lang.reflect.Type;

/**
 * Converts between application objects and NATS message payloads. The writing side may record the payload's
 * content type in the headers ({@value #CONTENT_TYPE}); the reading side converts a message to any target type,
 * including generic ones such as {@code List<Order>}.
 */
public interface NatsMessageConverter {

    /** Header that carries the payload's media type. */
    String CONTENT_TYPE = "Content-Type";

    /**
     * The payload bytes of {@code payload}.
     *
     * @param headers headers of the outgoing message, to which the content type may be added; may be {@code null}
     */
    byte[] toPayload(Object payload, Headers headers);

    /** The message's payload as {@code targetType}. */
    Object fromMessage(Message message, Type targetType);

    /** The message's payload as {@code targetType}. */
    default <T> T fromMessage(Message message, Class<T> targetType) {
        return targetType.cast(fromMessage(message, (Type) targetType));
    }
}
