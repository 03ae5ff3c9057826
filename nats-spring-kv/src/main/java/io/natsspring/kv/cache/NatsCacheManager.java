package io.natsspring.kv.cache;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;
import org.springframework.util.Assert;

/**
 * A {@link org.springframework.cache.CacheManager} whose caches are Key-Value buckets, one per cache, named
 * {@code bucketPrefix + cacheName}. A bucket that exists is used as it is; a missing one is created with the cache's
 * {@link NatsCacheConfiguration} (time to live as the bucket's max age, one value per key). A cache whose bucket
 * cannot be created or opened is a {@link NatsCacheException} naming the cache and the bucket.
 *
 * <p>The caches named with {@link #setCacheConfigurations} (or {@link #setCacheNames}) are opened when the manager
 * is initialised; others are created on first use unless {@link #setAllowRuntimeCacheCreation} is off.
 */
public class NatsCacheManager extends AbstractCacheManager {

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    private static final int STREAM_NOT_FOUND = 10059;

    private static final int STREAM_NAME_IN_USE = 10058;

    private final Connection connection;

    private final CacheValueCodec codec;

    private CacheKeyMapper keyMapper = new CacheKeyMapper(CacheKeyMapper.Mode.ENCODE);

    private NatsCacheConfiguration defaultConfiguration = NatsCacheConfiguration.defaults();

    private final Map<String, NatsCacheConfiguration> cacheConfigurations = new LinkedHashMap<>();

    private String bucketPrefix = "";

    private boolean allowRuntimeCacheCreation = true;

    /** A manager over {@code connection} writing values with {@code codec}. */
    public NatsCacheManager(Connection connection, CacheValueCodec codec) {
        this.connection = connection;
        this.codec = codec;
    }

    /** Settings of caches without their own ({@link NatsCacheConfiguration#defaults()} unless set). */
    public void setDefaultConfiguration(NatsCacheConfiguration configuration) {
        this.defaultConfiguration = configuration;
    }

    /** The settings of caches without their own. */
    public NatsCacheConfiguration getDefaultConfiguration() {
        return defaultConfiguration;
    }

    /** Caches opened at initialisation with their own settings (added to those already set). */
    public void setCacheConfigurations(Map<String, NatsCacheConfiguration> configurations) {
        configurations.forEach((name, config) -> cacheConfigurations.put(checkName(name), config));
    }

    /** Caches opened at initialisation with the default settings (those without settings yet). */
    public void setCacheNames(Collection<String> names) {
        names.forEach(name -> cacheConfigurations.putIfAbsent(checkName(name), defaultConfiguration));
    }

    /** The settings of {@code cacheName}: its own, else the default ones. */
    public NatsCacheConfiguration getConfiguration(String cacheName) {
        return cacheConfigurations.getOrDefault(cacheName, defaultConfiguration);
    }

    /** Prefix of the bucket names (empty by default). */
    public void setBucketPrefix(String bucketPrefix) {
        Assert.notNull(bucketPrefix, "bucketPrefix must not be null");
        this.bucketPrefix = bucketPrefix;
    }

    /** How cache keys become KV keys (encoding by default). */
    public void setKeyMapper(CacheKeyMapper keyMapper) {
        this.keyMapper = keyMapper;
    }

    /** Whether a cache not named up front is created on first use (default true). */
    public void setAllowRuntimeCacheCreation(boolean allow) {
        this.allowRuntimeCacheCreation = allow;
    }

    /** The bucket of {@code cacheName}. */
    public String bucketName(String cacheName) {
        return bucketPrefix + cacheName;
    }

    @Override
    protected Collection<? extends Cache> loadCaches() {
        List<Cache> caches = new ArrayList<>();
        cacheConfigurations.forEach((name, config) -> caches.add(createCache(name, config)));
        return caches;
    }

    @Override
    protected @Nullable Cache getMissingCache(String name) {
        return allowRuntimeCacheCreation ? createCache(name, getConfiguration(name)) : null;
    }

    /** Opens (creating it when missing) the bucket of {@code name} and returns the cache over it. */
    protected NatsCache createCache(String name, NatsCacheConfiguration config) {
        String bucket = bucketName(name);
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new NatsCacheException(
                    name, "Bucket name '" + bucket + "' is invalid: a bucket name is A-Z a-z 0-9 _ -", null);
        }
        try {
            KeyValueManagement kvm = connection.keyValueManagement();
            if (!exists(kvm, bucket)) {
                create(kvm, bucket, config);
            }
            KeyValue keyValue = connection.keyValue(bucket);
            JetStreamManagement jsm = connection.jetStreamManagement();
            return new NatsCache(name, keyValue, jsm, keyMapper, codec, config);
        } catch (IOException | JetStreamApiException | RuntimeException ex) {
            if (ex instanceof NatsCacheException cacheEx) {
                throw cacheEx;
            }
            throw new NatsCacheException(
                    name, "Cannot create or open bucket '" + bucket + "' for the cache: " + ex.getMessage(), ex);
        }
    }

    private static boolean exists(KeyValueManagement kvm, String bucket) throws IOException, JetStreamApiException {
        try {
            kvm.getStatus(bucket);
            return true;
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
                return false;
            }
            throw ex;
        }
    }

    private static void create(KeyValueManagement kvm, String bucket, NatsCacheConfiguration config)
            throws IOException, JetStreamApiException {
        KeyValueConfiguration.Builder builder = KeyValueConfiguration.builder()
                .name(bucket)
                .description("Spring cache")
                .maxHistoryPerKey(1)
                .storageType(config.getStorage())
                .replicas(config.getReplicas());
        if (config.getTimeToLive() != null) {
            builder.ttl(config.getTimeToLive());
        }
        try {
            kvm.create(builder.build());
        } catch (JetStreamApiException ex) {
            // another instance created it first with other settings: use theirs
            if (ex.getApiErrorCode() != STREAM_NAME_IN_USE) {
                throw ex;
            }
        }
    }

    private static String checkName(String name) {
        Assert.hasText(name, "a cache name must not be empty");
        return name;
    }
}
