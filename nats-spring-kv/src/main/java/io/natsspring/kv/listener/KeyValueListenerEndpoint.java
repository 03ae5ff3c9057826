package io.natsspring.kv.listener;

import io.natsspring.annotation.listener.NatsListenerErrorHandler;
import java.util.List;

/**
 * A resolved {@link KeyValueListener}: placeholders replaced, defaults applied.
 *
 * @param keys the key patterns, at least one
 */
public record KeyValueListenerEndpoint(
        String id,
        String bucket,
        List<String> keys,
        InitialValues initial,
        boolean ignoreDeletes,
        boolean autoStartup,
        NatsListenerErrorHandler errorHandler) {

    public KeyValueListenerEndpoint {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Listener '" + id + "' on bucket '" + bucket + "' names no key");
        }
    }
}
