package io.natsspring.kv.listener;

import io.nats.client.api.KeyValueOperation;
import io.natsspring.kv.core.KeyValueEntry;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * Resolves what a {@link KeyValueListener} parameter can take from the change besides the bare value:
 * {@link Key @Key}, {@link Revision @Revision}, the {@link KeyValueOperation} and a whole {@link KeyValueEntry}
 * (its value converted to the declared type argument; {@code KeyValueEntry<byte[]>} gets the raw bytes).
 */
final class KeyValueEntryArgumentResolver implements HandlerMethodArgumentResolver {

    private final KeyValueValueReader values;

    KeyValueEntryArgumentResolver(KeyValueValueReader values) {
        this.values = values;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(Key.class)
                || parameter.hasParameterAnnotation(Revision.class)
                || parameter.getParameterType() == KeyValueOperation.class
                || parameter.getParameterType() == KeyValueEntry.class;
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
        MessageHeaders headers = message.getHeaders();
        String bucket = required(headers, KeyValueMessageHeaders.BUCKET, String.class);
        String key = required(headers, KeyValueMessageHeaders.KEY, String.class);
        if (parameter.hasParameterAnnotation(Key.class)) {
            return key;
        }
        Long revision = required(headers, KeyValueMessageHeaders.REVISION, Long.class);
        if (parameter.hasParameterAnnotation(Revision.class)) {
            return revision;
        }
        KeyValueOperation operation = required(headers, KeyValueMessageHeaders.OPERATION, KeyValueOperation.class);
        if (parameter.getParameterType() == KeyValueOperation.class) {
            return operation;
        }
        Object value = null;
        if (operation == KeyValueOperation.PUT) {
            ResolvableType valueType = ResolvableType.forMethodParameter(parameter)
                    .as(KeyValueEntry.class)
                    .getGeneric(0);
            value = values.read(
                    bucket,
                    key,
                    (byte[]) message.getPayload(),
                    valueType.resolve() == null ? Object.class : valueType.getType());
        }
        Instant created = headers.get(KeyValueMessageHeaders.CREATED, Instant.class);
        return new KeyValueEntry<>(bucket, key, value, revision, created != null ? created : Instant.EPOCH, operation);
    }

    private static <V> V required(MessageHeaders headers, String name, Class<V> type) {
        V value = headers.get(name, type);
        if (value == null) {
            throw new IllegalStateException("Not a Key-Value change: header '" + name + "' is missing");
        }
        return value;
    }
}
