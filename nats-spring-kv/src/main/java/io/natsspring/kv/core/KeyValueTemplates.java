package io.natsspring.kv.core;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.natsspring.annotation.support.NatsMessageConverter;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.util.Assert;

/**
 * Creates {@link KeyValueTemplate}s for the buckets of one connection, all converting values with the same
 * {@link NatsMessageConverter}: {@code templates.forBucket("config", AppConfig.class)}. Templates are cached per
 * bucket and value type. The bucket must exist (declare it under {@code nats.jetstream.key-value} or create it with
 * jnats' {@code KeyValueManagement}); this factory does not create buckets.
 */
public class KeyValueTemplates {

    private final Connection connection;

    private final NatsMessageConverter converter;

    private final int maxUpdateAttempts;

    private final Map<String, KeyValueTemplate<?>> templates = new ConcurrentHashMap<>();

    /** Templates over {@code connection} with {@link KeyValueTemplate#DEFAULT_MAX_UPDATE_ATTEMPTS}. */
    public KeyValueTemplates(Connection connection, NatsMessageConverter converter) {
        this(connection, converter, KeyValueTemplate.DEFAULT_MAX_UPDATE_ATTEMPTS);
    }

    /** Templates over {@code connection} whose {@code update(key, change)} tries {@code maxUpdateAttempts} times. */
    public KeyValueTemplates(Connection connection, NatsMessageConverter converter, int maxUpdateAttempts) {
        Assert.isTrue(maxUpdateAttempts >= 1, "maxUpdateAttempts must be at least 1");
        this.connection = connection;
        this.converter = converter;
        this.maxUpdateAttempts = maxUpdateAttempts;
    }

    /** The template of {@code bucket} reading values as {@code valueType}. */
    @SuppressWarnings("unchecked")
    public <T> KeyValueTemplate<T> forBucket(String bucket, Class<T> valueType) {
        Assert.hasText(bucket, "bucket must not be empty");
        return (KeyValueTemplate<T>) templates.computeIfAbsent(
                bucket + '\u0000' + valueType.getName(),
                k -> new KeyValueTemplate<>(keyValue(bucket), valueType, converter, maxUpdateAttempts));
    }

    /** A new template over {@code keyValue} (e.g. an injected bucket bean) reading values as {@code valueType}. */
    public <T> KeyValueTemplate<T> forBucket(KeyValue keyValue, Class<T> valueType) {
        return new KeyValueTemplate<>(keyValue, valueType, converter, maxUpdateAttempts);
    }

    private KeyValue keyValue(String bucket) {
        try {
            return connection.keyValue(bucket);
        } catch (IOException | RuntimeException ex) {
            throw new KeyValueException(bucket, null, "Cannot open the bucket: " + ex.getMessage(), ex);
        }
    }
}
