package io.natsspring.sample.saga.kv;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed access to one Key-Value bucket whose values are JSON. Writes that depend on what was read use
 * compare-and-set on the entry's revision ({@link #compareAndSet}, {@link #update}), so concurrent writers, in this
 * process or in another instance, never overwrite each other's changes.
 *
 * <p>The {@link KeyValue} is the starter's bean of the bucket declared in {@code application.yml}
 * ({@code @Qualifier("orders") KeyValue}): the starter creates declared buckets before such beans are created.
 */
public class JsonBucket<T> {

    /** JetStream's "wrong last sequence": the entry changed (or exists) since it was read. */
    private static final int WRONG_LAST_SEQUENCE = 10071;

    private final String bucket;
    private final JsonMapper json;
    private final Class<T> type;
    private final KeyValue keyValue;

    public JsonBucket(KeyValue keyValue, JsonMapper json, Class<T> type) {
        this.keyValue = keyValue;
        this.bucket = keyValue == null ? "?" : keyValue.getBucketName();
        this.json = json;
        this.type = type;
    }

    /** The current value and its revision; empty when the key is absent or deleted. */
    public Optional<Versioned<T>> get(String key) {
        try {
            KeyValueEntry entry = kv().get(key);
            if (entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
                return Optional.empty();
            }
            return Optional.of(new Versioned<>(json.readValue(entry.getValue(), type), entry.getRevision()));
        } catch (IOException | JetStreamApiException e) {
            throw failure("read " + key, e);
        }
    }

    /** The current value; empty when the key is absent or deleted. */
    public Optional<T> find(String key) {
        return get(key).map(Versioned::value);
    }

    /** Stores {@code value} only if the key has no value yet; {@code false} when it has one. */
    public boolean create(String key, T value) {
        try {
            kv().create(key, json.writeValueAsBytes(value));
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw failure("create " + key, e);
        } catch (IOException e) {
            throw failure("create " + key, e);
        }
    }

    /** Stores {@code value} whatever the key held. */
    public void put(String key, T value) {
        try {
            kv().put(key, json.writeValueAsBytes(value));
        } catch (IOException | JetStreamApiException e) {
            throw failure("put " + key, e);
        }
    }

    /** Replaces the value only if the entry is still at {@code revision}; {@code false} when someone was faster. */
    public boolean compareAndSet(String key, T value, long revision) {
        try {
            kv().update(key, json.writeValueAsBytes(value), revision);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw failure("update " + key, e);
        } catch (IOException e) {
            throw failure("update " + key, e);
        }
    }

    /**
     * Applies {@code change} to the current value with compare-and-set, reading again and retrying when another
     * writer came first. A change that returns its argument unchanged writes nothing.
     *
     * @return the value after the change; empty when the key has no value
     */
    public Optional<T> update(String key, UnaryOperator<T> change) {
        while (true) {
            Optional<Versioned<T>> current = get(key);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            T changed = change.apply(current.get().value());
            if (changed == current.get().value()
                    || compareAndSet(key, changed, current.get().revision())) {
                return Optional.of(changed);
            }
        }
    }

    /** The keys that have a value. */
    public List<String> keys() {
        try {
            return kv().keys();
        } catch (IOException | JetStreamApiException e) {
            throw failure("list keys", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("list keys", e);
        }
    }

    private KeyValue kv() {
        return keyValue;
    }

    private KeyValueAccessException failure(String what, Exception cause) {
        return new KeyValueAccessException(
                "Could not " + what + " in Key-Value bucket '" + bucket + "': " + cause.getMessage(), cause);
    }
}
