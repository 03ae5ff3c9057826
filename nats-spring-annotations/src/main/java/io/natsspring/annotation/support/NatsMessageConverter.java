package io.natsspring.annotation.support;

import io.nats.client.impl.Headers;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MimeType;

/**
 * Converts NATS payloads to handler parameter types and handler results back to payloads. The default,
 * {@link JacksonNatsMessageConverter}, passes {@code byte[]} through, reads and writes {@code String} as UTF-8 and
 * everything else as JSON. Declare a bean of this type to replace it.
 */
public interface NatsMessageConverter {

    /**
     * Reads {@code payload} as {@code targetType}.
     *
     * @param contentType the message's content type, or the listener's {@code contentType} override; may be null
     * @throws org.springframework.messaging.converter.MessageConversionException when the payload does not fit
     */
    @Nullable
    Object fromPayload(byte[] payload, Type targetType, @Nullable MimeType contentType);

    /**
     * Writes {@code value} as a payload, adding a {@code Content-Type} header to {@code headers} when useful.
     *
     * @throws org.springframework.messaging.converter.MessageConversionException when the value can not be written
     */
    byte[] toPayload(Object value, Headers headers);
}
