package io.natsspring.annotation.support;

import io.nats.client.impl.Headers;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.util.MimeType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link NatsMessageConverter}: {@code byte[]} as is, {@code String} as text (charset from the content
 * type, UTF-8 otherwise), everything else as JSON with a Jackson 3 {@link JsonMapper}. JSON payloads it writes are
 * labelled {@code Content-Type: application/json}.
 */
public class JacksonNatsMessageConverter implements NatsMessageConverter {

    /** Content type of JSON payloads. */
    public static final String APPLICATION_JSON = "application/json";

    private final JsonMapper mapper;

    /** A converter with a default {@link JsonMapper}. */
    public JacksonNatsMessageConverter() {
        this(JsonMapper.builder().findAndAddModules().build());
    }

    /** A converter with the given mapper, e.g. the application's. */
    public JacksonNatsMessageConverter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public @Nullable Object fromPayload(byte[] payload, Type targetType, @Nullable MimeType contentType) {
        if (targetType == byte[].class) {
            return payload;
        }
        if (targetType == String.class || targetType == CharSequence.class) {
            return new String(payload, charset(contentType));
        }
        if (payload.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(payload, mapper.constructType(targetType));
        } catch (JacksonException ex) {
            throw new MessageConversionException(
                    "Could not read JSON payload as " + targetType.getTypeName() + ": " + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public byte[] toPayload(Object value, Headers headers) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            byte[] json = mapper.writeValueAsBytes(value);
            if (!headers.containsKey(NatsMessageHeaders.NATS_CONTENT_TYPE)) {
                headers.put(NatsMessageHeaders.NATS_CONTENT_TYPE, APPLICATION_JSON);
            }
            return json;
        } catch (JacksonException ex) {
            throw new MessageConversionException(
                    "Could not write " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    private static Charset charset(@Nullable MimeType contentType) {
        Charset charset = contentType != null ? contentType.getCharset() : null;
        return charset != null ? charset : StandardCharsets.UTF_8;
    }
}
