package io.natsspring.kv.listener;

import io.nats.client.api.KeyValueOperation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

/**
 * The last resolver of a {@link KeyValueListener} method: any other parameter is the value, converted to its declared
 * type ({@code byte[]} as stored, {@code String} as UTF-8, anything else through the converter); {@code null} for a
 * delete or purge.
 */
final class KeyValueValueArgumentResolver implements HandlerMethodArgumentResolver {

    private final KeyValueValueReader values;

    KeyValueValueArgumentResolver(KeyValueValueReader values) {
        this.values = values;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return true;
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
        if (message.getHeaders().get(KeyValueMessageHeaders.OPERATION) != KeyValueOperation.PUT) {
            if (parameter.getParameterType().isPrimitive()) {
                throw new IllegalStateException("Parameter " + parameter.getParameterIndex() + " of "
                        + parameter.getExecutable() + " is a primitive value; a delete or purge has none: use its "
                        + "wrapper type or ignoreDeletes");
            }
            return null;
        }
        String bucket = String.valueOf(message.getHeaders().get(KeyValueMessageHeaders.BUCKET));
        String key = String.valueOf(message.getHeaders().get(KeyValueMessageHeaders.KEY));
        return values.read(bucket, key, (byte[]) message.getPayload(), parameter.getGenericParameterType());
    }
}
