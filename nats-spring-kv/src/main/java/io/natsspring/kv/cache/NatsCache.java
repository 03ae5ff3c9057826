package io.natsspring.kv.cache;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} on one Key-Value bucket. Every operation goes to the server, so all
 * instances sharing the bucket see the same entries: {@code put} writes, {@code evict} purges the key,
 * {@code clear} purges the bucket's stream, {@code putIfAbsent} is a KV {@code create}. Entries expire with the
 * bucket's max age (the cache's time to live). {@link #get(Object, Callable)} (used by {@code @Cacheable(sync =
 * true)}) loads one value at a time in this instance only; two instances may both load it.
 */
public class NatsCache extends AbstractValueAdaptingCache {

    private static final int WRONG_LAST_SEQUENCE = 10071;

    private final String name;

    private final KeyValue keyValue;

    private final JetStreamManagement management;

    private final CacheKeyMapper keyMapper;

    private final CacheValueCodec codec;

    private final NatsCacheConfiguration configuration;

    private final ReentrantLock loadLock = new ReentrantLock();

    /** A cache named {@code name} over {@code keyValue}; {@code management} purges the bucket's stream on clear. */
    public NatsCache(
            String name,
            KeyValue keyValue,
            JetStreamManagement management,
            CacheKeyMapper keyMapper,
            CacheValueCodec codec,
            NatsCacheConfiguration configuration) {
        super(configuration.isCacheNullValues());
        this.name = name;
        this.keyValue = keyValue;
        this.management = management;
        this.keyMapper = keyMapper;
        this.codec = codec;
        this.configuration = configuration;
    }

    @Override
    public String getName() {
        return name;
    }

    /** The jnats bucket. */
    @Override
    public KeyValue getNativeCache() {
        return keyValue;
    }

    /** The bucket's name. */
    public String getBucketName() {
        return keyValue.getBucketName();
    }

    /** The settings this cache was created with. */
    public NatsCacheConfiguration getConfiguration() {
        return configuration;
    }

    /** The KV key {@code key} is stored under. */
    public String kvKey(Object key) {
        return keyMapper.toKvKey(name, key);
    }

    @Override
    protected @Nullable Object lookup(Object key) {
        String kvKey = kvKey(key);
        KeyValueEntry entry = call(kvKey, () -> keyValue.get(kvKey));
        if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
            return null;
        }
        byte[] bytes = entry.getValue();
        return codec.decode(name, kvKey, bytes != null ? bytes : new byte[0]);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
        ValueWrapper hit = get(key);
        if (hit != null) {
            return (T) hit.get();
        }
        loadLock.lock();
        try {
            hit = get(key);
            if (hit != null) {
                return (T) hit.get();
            }
            T value;
            try {
                value = valueLoader.call();
            } catch (Exception ex) {
                throw new ValueRetrievalException(key, valueLoader, ex);
            }
            put(key, value);
            return value;
        } finally {
            loadLock.unlock();
        }
    }

    @Override
    public void put(Object key, @Nullable Object value) {
        String kvKey = kvKey(key);
        byte[] bytes = codec.encode(name, toStoreValue(value));
        call(kvKey, () -> keyValue.put(kvKey, bytes));
    }

    @Override
    public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
        String kvKey = kvKey(key);
        byte[] bytes = codec.encode(name, toStoreValue(value));
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                keyValue.create(kvKey, bytes);
                return null;
            } catch (JetStreamApiException ex) {
                if (ex.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw failure(kvKey, ex);
                }
            } catch (IOException ex) {
                throw failure(kvKey, ex);
            }
            ValueWrapper existing = get(key);
            if (existing != null) {
                return existing;
            }
            // evicted between the create and the read: try again
        }
        throw new NatsCacheException(name, "putIfAbsent of '" + kvKey + "' kept conflicting with evictions", null);
    }

    @Override
    public void evict(Object key) {
        String kvKey = kvKey(key);
        call(kvKey, () -> {
            keyValue.purge(kvKey);
            return null;
        });
    }

    @Override
    public boolean evictIfPresent(Object key) {
        boolean present = lookup(key) != null;
        evict(key);
        return present;
    }

    @Override
    public void clear() {
        call(null, () -> management.purgeStream("KV_" + keyValue.getBucketName()));
    }

    @Override
    public boolean invalidate() {
        clear();
        return true;
    }

    @Override
    public String toString() {
        return "NatsCache[" + name + ", bucket=" + getBucketName() + "]";
    }

    private interface Call<V> {
        V run() throws IOException, JetStreamApiException;
    }

    private <V> V call(@Nullable String kvKey, Call<V> call) {
        try {
            return call.run();
        } catch (IOException | JetStreamApiException ex) {
            throw failure(kvKey, ex);
        }
    }

    private NatsCacheException failure(@Nullable String kvKey, Exception ex) {
        return new NatsCacheException(
                name,
                "Operation on bucket '" + getBucketName() + "'" + (kvKey != null ? " key '" + kvKey + "'" : "")
                        + " failed: " + ex.getMessage(),
                ex);
    }
}
