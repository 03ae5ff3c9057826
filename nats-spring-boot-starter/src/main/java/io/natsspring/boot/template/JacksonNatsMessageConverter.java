package io.natsspring.boot.template;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * The default converter: {@code byte[]} passes through, {@code String} is UTF-8 text ({@code text/plain}), and
 * everything else is JSON written and read with Jackson ({@code application/json}). Reading to {@link Message}
 * returns the message itself.
 */
public class JacksonNatsMessageConverter implements NatsMessageConverter {

    /** Content type of JSON payloads. */
    public static final String JSON = "application/json";
    /** Content type of text payloads. */
    public static final String TEXT = "text/plain;charset=UTF-8";

    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper mapper;

    public JacksonNatsMessageConverter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] toPayload(Object payload, Headers headers) {
        if (payload == null) {
            return EMPTY;
        }
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof CharSequence text) {
            setContentType(headers, TEXT);
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            byte[] json = mapper.writeValueAsBytes(payload);
            setContentType(headers, JSON);
            return json;
        } catch (JacksonException e) {
            throw new NatsMessageConversionException("Could not write " + payload.getClass().getName() + " as JSON", e);
        }
    }

    @Override
    public Object fromMessage(Message message, Type targetType) {
        if (targetType == Message.class) {
            return message;
        }
        byte[] data = message.getData() == null ? EMPTY : message.getData();
        if (targetType == byte[].class) {
            return data;
        }
        if (targetType == String.class) {
            return new String(data, StandardCharsets.UTF_8);
        }
        if (data.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(data, mapper.constructType(targetType));
        } catch (JacksonException e) {
            throw new NatsMessageConversionException("Could not read the payload of a message on " + message.getSubject()
                    + " as " + targetType.getTypeName(), e);
        }
    }

    private static void setContentType(Headers headers, String contentType) {
        if (headers != null && !headers.isReadOnly() && !headers.containsKey(CONTENT_TYPE)) {
            headers.put(CONTENT_TYPE, contentType);
        }
    }
}
