package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.stream.StorageQuota;
import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One account's JetStream usage and limits: storage limits ({@code -1} = unlimited, reported as {@code -1}), the
 * account's {@code max_streams} and {@code max_consumers}, bytes in use per storage type, and the {@code max_bytes}
 * reservations streams make.
 */
public final class AccountUsage implements StorageQuota {

    private volatile long maxMemory;
    private volatile long maxStore;
    private volatile int maxStreams;
    private volatile int maxConsumers;
    /** The replica counts with a tier of limits, {@code null} when the limits are not tiered. */
    private volatile java.util.Set<Integer> tiers;

    private final AtomicLong memoryUsed = new AtomicLong();
    private final AtomicLong storeUsed = new AtomicLong();

    public AccountUsage(long maxMemory, long maxStore) {
        this(maxMemory, maxStore, -1, -1);
    }

    /** Limits; any negative value is unlimited. */
    public AccountUsage(long maxMemory, long maxStore, int maxStreams, int maxConsumers) {
        this.maxMemory = maxMemory < 0 ? -1 : maxMemory;
        this.maxStore = maxStore < 0 ? -1 : maxStore;
        this.maxStreams = maxStreams < 0 ? -1 : maxStreams;
        this.maxConsumers = maxConsumers < 0 ? -1 : maxConsumers;
    }

    /**
     * Replaces the limits (a configuration reload); they apply to later requests, what is stored stays. Any
     * negative value is unlimited.
     */
    public void limits(long maxMemory, long maxStore, int maxStreams, int maxConsumers) {
        this.maxMemory = maxMemory < 0 ? -1 : maxMemory;
        this.maxStore = maxStore < 0 ? -1 : maxStore;
        this.maxStreams = maxStreams < 0 ? -1 : maxStreams;
        this.maxConsumers = maxConsumers < 0 ? -1 : maxConsumers;
    }

    /**
     * The replica counts the account's tiered limits cover ({@code tiered_limits} {@code R1} → 1), {@code null}
     * when its limits are not tiered (they cover every count).
     */
    public void tiers(java.util.Set<Integer> replicaCounts) {
        this.tiers = replicaCounts == null ? null : java.util.Set.copyOf(replicaCounts);
    }

    /**
     * Whether limits apply to a stream of {@code replicas} (0 counts as 1), as nats-server's {@code selectLimits}:
     * always without tiers, else only when there is a tier for that count.
     */
    public boolean hasLimitsFor(int replicas) {
        java.util.Set<Integer> t = tiers;
        return t == null || t.contains(Math.max(1, replicas));
    }

    /** Most streams of the account, {@code -1} unlimited. */
    public int maxStreams() {
        return maxStreams;
    }

    /** Most consumers of the account (all streams together), {@code -1} unlimited. */
    public int maxConsumers() {
        return maxConsumers;
    }

    public long maxMemory() {
        return maxMemory;
    }

    public long maxStore() {
        return maxStore;
    }

    public long memoryUsed() {
        return memoryUsed.get();
    }

    public long storeUsed() {
        return storeUsed.get();
    }

    /** What a stream with this config reserves: its {@code max_bytes} when set, else nothing. */
    public static long reservation(StreamConfig c) {
        return c.maxBytes() > 0 ? c.maxBytes() : 0;
    }

    /**
     * Fails the way {@code nats-server} does when a stream asking for {@code addBytes} (its {@code max_bytes}, or
     * 1 when unlimited) does not fit next to {@code reserved} bytes already reserved.
     */
    public void checkReservation(StorageType storage, long reserved, long maxBytes) {
        long add = maxBytes < 0 ? 1 : maxBytes;
        if (storage == StorageType.MEMORY) {
            if (maxMemory >= 0 && reserved + add > maxMemory) {
                throw JsApiError.MEMORY_RESOURCES_EXCEEDED.exception();
            }
        } else if (maxStore >= 0 && reserved + add > maxStore) {
            throw JsApiError.STORAGE_RESOURCES_EXCEEDED.exception();
        }
    }

    @Override
    public ApiError checkAppend(StorageType storage, long bytes) {
        long limit = storage == StorageType.MEMORY ? maxMemory : maxStore;
        if (limit < 0) {
            return null;
        }
        long used = storage == StorageType.MEMORY ? memoryUsed.get() : storeUsed.get();
        return used + bytes > limit ? JsApiError.INSUFFICIENT_RESOURCES.error() : null;
    }

    @Override
    public void adjustUsage(StorageType storage, long delta) {
        (storage == StorageType.MEMORY ? memoryUsed : storeUsed).addAndGet(delta);
    }
}
