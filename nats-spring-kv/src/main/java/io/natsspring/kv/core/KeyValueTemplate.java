package io.natsspring.kv.core;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.natsspring.annotation.support.NatsMessageConverter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * {@link KeyValueOperations} over a jnats {@link KeyValue}, with values converted by a {@link NatsMessageConverter}
 * (the project's JSON converter by default: {@code byte[]} as is, {@code String} as UTF-8, anything else as JSON).
 *
 * <p>A stored value that cannot be read as {@code T} (including an empty value for a type that is not text or bytes)
 * is a {@link KeyValueConversionException}, never a null. "Already exists" and "wrong revision" are recognised from
 * the server's API error {@value #WRONG_LAST_SEQUENCE} (wrong last sequence), which nats-server and the embedded
 * broker both answer to a conditional write that does not hold. Thread-safe.
 *
 * @param <T> the value type
 */
public class KeyValueTemplate<T> implements KeyValueOperations<T> {

    /** Attempts of {@link #update(String, UnaryOperator)} before it gives up on conflicts. */
    public static final int DEFAULT_MAX_UPDATE_ATTEMPTS = 10;

    /** JetStream API error code: the expected last sequence of the subject did not hold. */
    static final int WRONG_LAST_SEQUENCE = 10071;

    private final KeyValue keyValue;

    private final Class<T> valueType;

    private final NatsMessageConverter converter;

    private final String bucket;

    private final int maxUpdateAttempts;

    /** A template for {@code keyValue} reading values as {@code valueType}. */
    public KeyValueTemplate(KeyValue keyValue, Class<T> valueType, NatsMessageConverter converter) {
        this(keyValue, valueType, converter, DEFAULT_MAX_UPDATE_ATTEMPTS);
    }

    /** The same, with the number of attempts of {@link #update(String, UnaryOperator)} (at least 1). */
    public KeyValueTemplate(
            KeyValue keyValue, Class<T> valueType, NatsMessageConverter converter, int maxUpdateAttempts) {
        Assert.isTrue(maxUpdateAttempts >= 1, "maxUpdateAttempts must be at least 1");
        this.keyValue = keyValue;
        this.valueType = valueType;
        this.converter = converter;
        this.bucket = keyValue.getBucketName();
        this.maxUpdateAttempts = maxUpdateAttempts;
    }

    /** The type values are read as. */
    public Class<T> getValueType() {
        return valueType;
    }

    /** The attempts of {@link #update(String, UnaryOperator)}. */
    public int getMaxUpdateAttempts() {
        return maxUpdateAttempts;
    }

    @Override
    public String getBucketName() {
        return bucket;
    }

    @Override
    public Optional<T> get(String key) {
        return getEntry(key).map(KeyValueEntry::value);
    }

    @Override
    public Optional<KeyValueEntry<T>> getEntry(String key) {
        KeyValueKeys.requireKey(bucket, key);
        io.nats.client.api.@Nullable KeyValueEntry entry = call(key, () -> keyValue.get(key));
        return entry == null || entry.getOperation() != KeyValueOperation.PUT
                ? Optional.empty()
                : Optional.of(toEntry(entry));
    }

    @Override
    public long put(String key, T value) {
        KeyValueKeys.requireKey(bucket, key);
        byte[] bytes = toBytes(key, value);
        return call(key, () -> keyValue.put(key, bytes));
    }

    @Override
    public long create(String key, T value) {
        KeyValueKeys.requireKey(bucket, key);
        byte[] bytes = toBytes(key, value);
        try {
            return call(key, () -> keyValue.create(key, bytes));
        } catch (KeyValueServerException ex) {
            if (ex.apiErrorCode() == WRONG_LAST_SEQUENCE) {
                throw new KeyValueKeyExistsException(bucket, key, ex.getCause());
            }
            throw ex;
        }
    }

    @Override
    public long update(String key, T value, long expectedRevision) {
        KeyValueKeys.requireKey(bucket, key);
        byte[] bytes = toBytes(key, value);
        return conditionalUpdate(key, bytes, expectedRevision);
    }

    @Override
    public T update(String key, UnaryOperator<T> change) {
        KeyValueKeys.requireKey(bucket, key);
        KeyValueWrongRevisionException conflict = null;
        for (int attempt = 1; attempt <= maxUpdateAttempts; attempt++) {
            KeyValueEntry<T> current = getEntry(key).orElseThrow(() -> new KeyValueKeyNotFoundException(bucket, key));
            T next = change.apply(Objects.requireNonNull(current.value()));
            if (next == null) {
                throw new IllegalArgumentException(
                        "The update function returned null for key '" + key + "' of bucket '" + bucket + "'");
            }
            try {
                conditionalUpdate(key, toBytes(key, next), current.revision());
                return next;
            } catch (KeyValueWrongRevisionException ex) {
                conflict = ex;
            }
        }
        throw new KeyValueWrongRevisionException(
                bucket,
                key,
                conflict.getExpectedRevision(),
                "Gave up after " + maxUpdateAttempts + " conflicting updates",
                conflict);
    }

    @Override
    public void delete(String key) {
        KeyValueKeys.requireKey(bucket, key);
        call(key, () -> {
            keyValue.delete(key);
            return null;
        });
    }

    @Override
    public void purge(String key) {
        KeyValueKeys.requireKey(bucket, key);
        call(key, () -> {
            keyValue.purge(key);
            return null;
        });
    }

    @Override
    public List<String> keys() {
        return call(null, keyValue::keys);
    }

    @Override
    public List<String> keys(String filter) {
        KeyValueKeys.requirePattern(bucket, filter);
        return call(filter, () -> keyValue.keys(filter));
    }

    @Override
    public List<KeyValueEntry<T>> history(String key) {
        KeyValueKeys.requireKey(bucket, key);
        List<io.nats.client.api.KeyValueEntry> entries = call(key, () -> keyValue.history(key));
        List<KeyValueEntry<T>> result = new ArrayList<>(entries.size());
        for (io.nats.client.api.KeyValueEntry entry : entries) {
            result.add(toEntry(entry));
        }
        return result;
    }

    @Override
    public KeyValueWatch watch(String keyPattern, KeyValueWatchListener<T> listener) {
        return watch(keyPattern, listener, false);
    }

    @Override
    public KeyValueWatch watch(String keyPattern, KeyValueWatchListener<T> listener, boolean updatesOnly) {
        KeyValueKeys.requirePattern(bucket, keyPattern);
        KeyValueWatcher watcher = new KeyValueWatcher() {
            @Override
            public void watch(io.nats.client.api.KeyValueEntry entry) {
                KeyValueEntry<T> converted;
                try {
                    converted = toEntry(entry);
                } catch (KeyValueConversionException ex) {
                    listener.onConversionError(ex);
                    return;
                }
                listener.onEntry(converted);
            }

            @Override
            public void endOfData() {
                listener.onInitialValuesDelivered();
            }
        };
        KeyValueWatchOption[] options =
                updatesOnly ? new KeyValueWatchOption[] {KeyValueWatchOption.UPDATES_ONLY} : new KeyValueWatchOption[0];
        NatsKeyValueWatchSubscription subscription =
                call(keyPattern, () -> keyValue.watch(keyPattern, watcher, options));
        return new SubscriptionWatch(subscription);
    }

    @Override
    public String toString() {
        return "KeyValueTemplate[bucket=" + bucket + ", type=" + valueType.getName() + "]";
    }

    private long conditionalUpdate(String key, byte[] bytes, long expectedRevision) {
        try {
            return call(key, () -> keyValue.update(key, bytes, expectedRevision));
        } catch (KeyValueServerException ex) {
            if (ex.apiErrorCode() == WRONG_LAST_SEQUENCE) {
                throw new KeyValueWrongRevisionException(bucket, key, expectedRevision, ex.getCause());
            }
            throw ex;
        }
    }

    private KeyValueEntry<T> toEntry(io.nats.client.api.KeyValueEntry entry) {
        T value = entry.getOperation() == KeyValueOperation.PUT ? fromBytes(entry.getKey(), entry.getValue()) : null;
        Instant created = entry.getCreated() != null ? entry.getCreated().toInstant() : Instant.EPOCH;
        return new KeyValueEntry<>(bucket, entry.getKey(), value, entry.getRevision(), created, entry.getOperation());
    }

    private T fromBytes(String key, byte @Nullable [] bytes) {
        byte[] payload = bytes != null ? bytes : new byte[0];
        Object value;
        try {
            value = converter.fromPayload(payload, valueType, null);
        } catch (RuntimeException ex) {
            throw new KeyValueConversionException(
                    bucket, key, "Cannot read the value as " + valueType.getName() + ": " + ex.getMessage(), ex);
        }
        if (value == null) {
            throw new KeyValueConversionException(
                    bucket, key, "Cannot read an empty value as " + valueType.getName(), null);
        }
        if (!valueType.isInstance(value)) {
            throw new KeyValueConversionException(
                    bucket,
                    key,
                    "The converter read the value as " + value.getClass().getName() + ", not " + valueType.getName(),
                    null);
        }
        return valueType.cast(value);
    }

    private byte[] toBytes(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "A null value can not be stored under key '" + key + "' of bucket '" + bucket + "'; use delete");
        }
        try {
            return converter.toPayload(value, new Headers());
        } catch (RuntimeException ex) {
            throw new KeyValueConversionException(
                    bucket,
                    key,
                    "Cannot write the value of type " + value.getClass().getName() + ": " + ex.getMessage(),
                    ex);
        }
    }

    private <R> R call(@Nullable String key, KeyValueCall<R> call) {
        try {
            return call.run();
        } catch (JetStreamApiException ex) {
            throw new KeyValueServerException(bucket, key, ex);
        } catch (IOException ex) {
            throw new KeyValueException(bucket, key, "I/O error: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new KeyValueException(bucket, key, "Interrupted", ex);
        }
    }

    @FunctionalInterface
    private interface KeyValueCall<R> {
        R run() throws IOException, JetStreamApiException, InterruptedException;
    }

    private static final class SubscriptionWatch implements KeyValueWatch {

        private final NatsKeyValueWatchSubscription subscription;

        private final AtomicBoolean active = new AtomicBoolean(true);

        SubscriptionWatch(NatsKeyValueWatchSubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public boolean isActive() {
            return active.get();
        }

        @Override
        public void close() {
            if (active.compareAndSet(true, false)) {
                subscription.unsubscribe();
            }
        }
    }
}
