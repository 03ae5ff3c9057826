package io.natsspring.kv.lock.integration;

import io.natsspring.kv.lock.KeyValueLeases;
import io.natsspring.kv.lock.KeyValueLock;
import io.natsspring.kv.lock.KeyValueLockRegistry;
import java.time.Duration;
import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;

/**
 * A {@link KeyValueLockRegistry} that is also Spring Integration's {@link ExpirableLockRegistry} and
 * {@link RenewableLockRegistry}, for {@code LockRegistryLeaderInitiator}, the aggregator's lock registry and
 * {@code executeLocked}. Leases last the bucket's max age: {@link #renewLock(Object, Duration)} accepts only that
 * duration.
 */
public class IntegrationKeyValueLockRegistry extends KeyValueLockRegistry
        implements ExpirableLockRegistry<KeyValueLock>, RenewableLockRegistry<KeyValueLock> {

    /** A registry on {@code leases}. */
    public IntegrationKeyValueLockRegistry(KeyValueLeases leases) {
        super(leases);
    }

    @Override
    public void renewLock(Object lockKey, Duration ttl) {
        Duration lease = getLeases().getLease();
        if (!lease.equals(ttl)) {
            throw new UnsupportedOperationException(
                    "Key-Value leases last the bucket's max age (" + lease + ") and cannot be renewed for " + ttl
                            + " (bucket '" + getLeases().getBucketName() + "')");
        }
        renewLock(lockKey);
    }
}
