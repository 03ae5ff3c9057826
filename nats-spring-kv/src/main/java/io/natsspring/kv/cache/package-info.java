/**
 * A Spring {@link org.springframework.cache.CacheManager} on JetStream Key-Value: one bucket per cache
 * ({@link io.natsspring.kv.cache.NatsCacheManager}, {@link io.natsspring.kv.cache.NatsCache}), cache keys mapped to
 * KV keys by {@link io.natsspring.kv.cache.CacheKeyMapper}, values written by a
 * {@link io.natsspring.kv.cache.CacheValueCodec}.
 */
@NullMarked
package io.natsspring.kv.cache;

import org.jspecify.annotations.NullMarked;
