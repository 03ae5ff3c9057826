package io.natsspring.kv.cache;

/**
 * Writes cached values to the bytes of a Key-Value entry and reads them back. Implementations must write
 * {@link org.springframework.cache.support.NullValue#INSTANCE} (the null marker) too when the cache stores nulls.
 */
public interface CacheValueCodec {

    /** The bytes stored for {@code value} (never null; may be the null marker) in {@code cacheName}. */
    byte[] encode(String cacheName, Object value);

    /** The value (or the null marker) read from {@code bytes}; throws an exception naming the cache and key when it cannot. */
    Object decode(String cacheName, String key, byte[] bytes);
}
