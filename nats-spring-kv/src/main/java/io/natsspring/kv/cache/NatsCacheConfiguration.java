package io.natsspring.kv.cache;

import io.nats.client.api.StorageType;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The settings of one cache (immutable; the {@code with*} methods return copies): time to live (the bucket's max age,
 * {@code null} for none), whether nulls are stored as a marker, and the storage and replicas of a bucket created on
 * demand. An existing bucket (declared under {@code nats.jetstream.key-value} or made by hand) is used as it is.
 */
public final class NatsCacheConfiguration {

    private final @Nullable Duration timeToLive;

    private final boolean cacheNullValues;

    private final StorageType storage;

    private final int replicas;

    private NatsCacheConfiguration(
            @Nullable Duration timeToLive, boolean cacheNullValues, StorageType storage, int replicas) {
        Assert.isTrue(timeToLive == null || !timeToLive.isNegative(), "timeToLive must not be negative");
        Assert.isTrue(replicas >= 1, "replicas must be at least 1");
        this.timeToLive = timeToLive == null || timeToLive.isZero() ? null : timeToLive;
        this.cacheNullValues = cacheNullValues;
        this.storage = storage;
        this.replicas = replicas;
    }

    /** No time to live, nulls stored, memory storage, one replica. */
    public static NatsCacheConfiguration defaults() {
        return new NatsCacheConfiguration(null, true, StorageType.Memory, 1);
    }

    /** A copy whose entries expire {@code ttl} after they are written ({@code null} or zero: never). */
    public NatsCacheConfiguration withTimeToLive(@Nullable Duration ttl) {
        return new NatsCacheConfiguration(ttl, cacheNullValues, storage, replicas);
    }

    /** A copy that stores a null marker for null values ({@code true}) or refuses them ({@code false}). */
    public NatsCacheConfiguration withCacheNullValues(boolean cacheNulls) {
        return new NatsCacheConfiguration(timeToLive, cacheNulls, storage, replicas);
    }

    /** A copy creating its bucket with {@code storageType}. */
    public NatsCacheConfiguration withStorage(StorageType storageType) {
        return new NatsCacheConfiguration(timeToLive, cacheNullValues, storageType, replicas);
    }

    /** A copy creating its bucket with {@code count} replicas. */
    public NatsCacheConfiguration withReplicas(int count) {
        return new NatsCacheConfiguration(timeToLive, cacheNullValues, storage, count);
    }

    /** Time to live, or null for none. */
    public @Nullable Duration getTimeToLive() {
        return timeToLive;
    }

    /** Whether null values are stored as a marker. */
    public boolean isCacheNullValues() {
        return cacheNullValues;
    }

    /** Storage of a bucket created on demand. */
    public StorageType getStorage() {
        return storage;
    }

    /** Replicas of a bucket created on demand. */
    public int getReplicas() {
        return replicas;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NatsCacheConfiguration c
                && Objects.equals(timeToLive, c.timeToLive)
                && cacheNullValues == c.cacheNullValues
                && storage == c.storage
                && replicas == c.replicas;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeToLive, cacheNullValues, storage, replicas);
    }

    @Override
    public String toString() {
        return "NatsCacheConfiguration[ttl=" + timeToLive + ", cacheNullValues=" + cacheNullValues + ", storage="
                + storage + ", replicas=" + replicas + "]";
    }
}
