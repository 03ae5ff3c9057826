package io.natsspring.boot.autoconfigure;

import io.nats.client.api.StorageType;
import io.natsspring.kv.cache.CacheKeyMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Spring Cache on Key-Value buckets, under {@code nats.cache}. */
public class NatsCacheProperties {

    /** Whether to create a NatsCacheManager (one KV bucket per cache) as the application's CacheManager. */
    private boolean enabled = false;

    /** Caches opened at startup; others are created on first use unless allow-runtime-creation is false. */
    private List<String> cacheNames = new ArrayList<>();

    /** Whether a cache not listed is created on first use. */
    private boolean allowRuntimeCreation = true;

    /** Time to live of the entries (the bucket's max age); unset keeps them. */
    private Duration timeToLive;

    /** Whether null values are stored as a marker (true) or refused with an exception (false). */
    private boolean cacheNullValues = true;

    /** Prefix of the bucket names: the bucket of cache "books" is prefix + "books". */
    private String bucketPrefix = "cache-";

    /** Storage of the buckets created on demand. */
    private StorageType storage = StorageType.Memory;

    /** Replicas of the buckets created on demand. */
    private int replicas = 1;

    /** How cache keys that are not valid KV keys are handled: encode (escape, injective) or reject. */
    private CacheKeyMapper.Mode keyMode = CacheKeyMapper.Mode.ENCODE;

    /** Per-cache settings overriding the defaults above, by cache name (these caches are opened at startup). */
    private Map<String, CacheSpec> caches = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getCacheNames() {
        return cacheNames;
    }

    public void setCacheNames(List<String> cacheNames) {
        this.cacheNames = cacheNames;
    }

    public boolean isAllowRuntimeCreation() {
        return allowRuntimeCreation;
    }

    public void setAllowRuntimeCreation(boolean allowRuntimeCreation) {
        this.allowRuntimeCreation = allowRuntimeCreation;
    }

    public Duration getTimeToLive() {
        return timeToLive;
    }

    public void setTimeToLive(Duration timeToLive) {
        this.timeToLive = timeToLive;
    }

    public boolean isCacheNullValues() {
        return cacheNullValues;
    }

    public void setCacheNullValues(boolean cacheNullValues) {
        this.cacheNullValues = cacheNullValues;
    }

    public String getBucketPrefix() {
        return bucketPrefix;
    }

    public void setBucketPrefix(String bucketPrefix) {
        this.bucketPrefix = bucketPrefix;
    }

    public StorageType getStorage() {
        return storage;
    }

    public void setStorage(StorageType storage) {
        this.storage = storage;
    }

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public CacheKeyMapper.Mode getKeyMode() {
        return keyMode;
    }

    public void setKeyMode(CacheKeyMapper.Mode keyMode) {
        this.keyMode = keyMode;
    }

    public Map<String, CacheSpec> getCaches() {
        return caches;
    }

    public void setCaches(Map<String, CacheSpec> caches) {
        this.caches = caches;
    }

    /** Settings of one cache; unset ones take the defaults of {@code nats.cache}. */
    public static class CacheSpec {

        /** Time to live of this cache's entries. */
        private Duration timeToLive;

        /** Whether this cache stores null values. */
        private Boolean cacheNullValues;

        /** Storage of this cache's bucket when created on demand. */
        private StorageType storage;

        /** Replicas of this cache's bucket when created on demand. */
        private Integer replicas;

        public Duration getTimeToLive() {
            return timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }

        public Boolean getCacheNullValues() {
            return cacheNullValues;
        }

        public void setCacheNullValues(Boolean cacheNullValues) {
            this.cacheNullValues = cacheNullValues;
        }

        public StorageType getStorage() {
            return storage;
        }

        public void setStorage(StorageType storage) {
            this.storage = storage;
        }

        public Integer getReplicas() {
            return replicas;
        }

        public void setReplicas(Integer replicas) {
            this.replicas = replicas;
        }
    }
}
