/**
 * Locks on JetStream Key-Value: {@link io.natsspring.kv.lock.KeyValueLeases} (a key created as a lease that expires
 * with the bucket's max age, renewed and released by revision), {@link io.natsspring.kv.lock.KeyValueLock} (a
 * {@link java.util.concurrent.locks.Lock}) and {@link io.natsspring.kv.lock.KeyValueLockRegistry}.
 */
@NullMarked
package io.natsspring.kv.lock;

import org.jspecify.annotations.NullMarked;
