package io.natsspring.kv.cache;

import org.jspecify.annotations.Nullable;

/** A cache operation failed; the message names the cache (and the bucket or key when there is one). */
public class NatsCacheException extends RuntimeException {

    private final String cacheName;

    /** An exception for {@code cacheName} whose message is {@code reason} and the cache's name. */
    public NatsCacheException(String cacheName, String reason, @Nullable Throwable cause) {
        super(reason + " (cache '" + cacheName + "')", cause);
        this.cacheName = cacheName;
    }

    /** The cache's name. */
    public String getCacheName() {
        return cacheName;
    }
}
