package io.natsspring.kv.lock;

import io.natsspring.kv.core.KeyValueKeyEncoding;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * {@link KeyValueLock}s on the keys of one lease bucket: {@code registry.obtain("orders.42").lock()}. Lock keys are
 * any object, written with {@code toString()} and {@link KeyValueKeyEncoding escaped} into a valid KV key (so
 * {@code "a b"} and {@code "a=20b"} are different locks). Every registry has its own owner id; two registries (in two
 * applications, or on two connections) exclude each other. Held leases are renewed by one daemon thread every third
 * of the lease. Without Spring Integration; the subclass in {@code io.natsspring.kv.lock.integration} implements its
 * {@code LockRegistry}.
 *
 * <p>Obtained locks are kept until {@link #expireUnusedOlderThan(long)} removes the unused ones.
 */
public class KeyValueLockRegistry implements AutoCloseable {

    private final KeyValueLeases leases;

    private final String ownerId = UUID.randomUUID().toString();

    private final Map<String, KeyValueLock> locks = new ConcurrentHashMap<>();

    private Duration pollInterval = Duration.ofMillis(100);

    private @Nullable ScheduledExecutorService renewer;

    /** Locks on the leases of {@code leases}. */
    public KeyValueLockRegistry(KeyValueLeases leases) {
        this.leases = leases;
    }

    /** The leases the locks are held with. */
    public KeyValueLeases getLeases() {
        return leases;
    }

    /** The owner id written into the keys this registry holds. */
    public String getOwnerId() {
        return ownerId;
    }

    /** How often {@code lock()} tries again while another owner holds the key (default 100ms). */
    public Duration getPollInterval() {
        return pollInterval;
    }

    /** Sets how often {@code lock()} tries again while another owner holds the key. */
    public void setPollInterval(Duration pollInterval) {
        Assert.isTrue(pollInterval.toMillis() >= 1, "pollInterval must be at least 1ms");
        this.pollInterval = pollInterval;
    }

    /** The lock of {@code lockKey} (the same instance each time until it is expired from the registry). */
    public KeyValueLock obtain(Object lockKey) {
        Assert.notNull(lockKey, "lockKey must not be null");
        String key = KeyValueKeyEncoding.encode(lockKey.toString());
        return locks.computeIfAbsent(key, k -> new KeyValueLock(this, k));
    }

    /** Forgets the locks that are not locked and were last used more than {@code age} milliseconds ago. */
    public void expireUnusedOlderThan(long age) {
        long before = System.currentTimeMillis() - age;
        for (Iterator<KeyValueLock> it = locks.values().iterator(); it.hasNext(); ) {
            KeyValueLock lock = it.next();
            if (!lock.isLocked() && lock.getLastUsedMillis() < before) {
                it.remove();
            }
        }
    }

    /**
     * Renews the lease of {@code lockKey} now.
     *
     * @throws IllegalMonitorStateException when this registry does not hold it
     */
    public void renewLock(Object lockKey) {
        KeyValueLock lock = locks.get(KeyValueKeyEncoding.encode(lockKey.toString()));
        if (lock == null) {
            throw new IllegalMonitorStateException("No lock obtained for '" + lockKey + "'");
        }
        lock.renew();
    }

    /** Stops the renewal thread (held leases then end after the lease). */
    @Override
    public synchronized void close() {
        if (renewer != null) {
            renewer.shutdownNow();
            renewer = null;
        }
    }

    String owner() {
        return ownerId + "@" + Thread.currentThread().getName();
    }

    synchronized ScheduledFuture<?> scheduleRenewal(KeyValueLock lock) {
        if (renewer == null) {
            renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "nats-kv-lock-renewal-" + leases.getBucketName());
                thread.setDaemon(true);
                return thread;
            });
        }
        long period = Math.max(1, leases.getLease().toMillis() / 3);
        return renewer.scheduleWithFixedDelay(lock::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    }
}
