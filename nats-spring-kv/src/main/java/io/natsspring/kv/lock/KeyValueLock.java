package io.natsspring.kv.lock;

import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Lock} held across applications through a {@link KeyValueLeases lease} on one key, obtained from a
 * {@link KeyValueLockRegistry}. Inside one registry it is a {@link ReentrantLock} (a thread locks it once remotely,
 * however many times locally); across registries the key's lease decides. While held, the registry renews the lease
 * every third of it; if a renewal finds the key taken or expired, or the lease ends without a successful renewal
 * (connection lost), the lock is {@linkplain #isLost() lost} and {@link #unlock()} throws
 * {@link KeyValueLeaseLostException} (the local lock is released anyway). Conditions are not supported.
 */
public class KeyValueLock implements Lock {

    private final KeyValueLockRegistry registry;

    private final String key;

    private final ReentrantLock local = new ReentrantLock();

    private volatile long revision;

    private volatile String owner = "";

    private volatile boolean lost;

    private volatile long lastRenewNanos;

    private volatile long lastUsedMillis = System.currentTimeMillis();

    private @Nullable ScheduledFuture<?> renewal;

    KeyValueLock(KeyValueLockRegistry registry, String key) {
        this.registry = registry;
        this.key = key;
    }

    /** The Key-Value key of the lease. */
    public String getKey() {
        return key;
    }

    /** Whether this registry holds the lease (some thread of this instance has the lock). */
    public boolean isHeld() {
        return revision != 0 && !lost;
    }

    /** Whether the lease ended while the lock was held (expired, taken, or not renewed in time). */
    public boolean isLost() {
        return lost;
    }

    /** Whether the current thread holds this lock. */
    public boolean isHeldByCurrentThread() {
        return local.isHeldByCurrentThread();
    }

    @Override
    public void lock() {
        local.lock();
        if (local.getHoldCount() > 1) {
            return;
        }
        boolean interrupted = false;
        try {
            while (!acquire()) {
                try {
                    Thread.sleep(registry.getPollInterval().toMillis());
                } catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        } catch (RuntimeException ex) {
            local.unlock();
            throw ex;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        local.lockInterruptibly();
        if (local.getHoldCount() > 1) {
            return;
        }
        try {
            while (!acquire()) {
                Thread.sleep(registry.getPollInterval().toMillis());
            }
        } catch (InterruptedException | RuntimeException ex) {
            local.unlock();
            throw ex;
        }
    }

    @Override
    public boolean tryLock() {
        if (!local.tryLock()) {
            return false;
        }
        if (local.getHoldCount() > 1) {
            return true;
        }
        try {
            if (acquire()) {
                return true;
            }
        } catch (RuntimeException ex) {
            local.unlock();
            throw ex;
        }
        local.unlock();
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(time);
        if (!local.tryLock(time, unit)) {
            return false;
        }
        if (local.getHoldCount() > 1) {
            return true;
        }
        try {
            while (!acquire()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    local.unlock();
                    return false;
                }
                Thread.sleep(Math.min(
                        TimeUnit.NANOSECONDS.toMillis(left) + 1,
                        registry.getPollInterval().toMillis()));
            }
            return true;
        } catch (InterruptedException | RuntimeException ex) {
            local.unlock();
            throw ex;
        }
    }

    @Override
    public void unlock() {
        if (!local.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("The current thread does not hold the lock on '" + key + "'");
        }
        if (local.getHoldCount() > 1) {
            local.unlock();
            return;
        }
        try {
            stopRenewal();
            long held = revision;
            boolean wasLost = lost;
            revision = 0;
            lost = false;
            if (wasLost || !registry.getLeases().release(key, held)) {
                throw new KeyValueLeaseLostException(
                        registry.getLeases().getBucketName(),
                        key,
                        "The lock's lease expired or was taken before unlock: another holder may have run at the same time");
            }
        } finally {
            lastUsedMillis = System.currentTimeMillis();
            local.unlock();
        }
    }

    /** Not supported: a condition cannot span applications. */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("Conditions are not supported by Key-Value locks");
    }

    /**
     * Renews the lease now (the registry also does it every third of the lease).
     *
     * @throws IllegalMonitorStateException when this registry does not hold the lock
     * @throws KeyValueLeaseLostException when the lease was lost
     */
    public void renew() {
        if (revision == 0) {
            throw new IllegalMonitorStateException("The lock on '" + key + "' is not held");
        }
        if (lost) {
            throw new KeyValueLeaseLostException(registry.getLeases().getBucketName(), key, "The lock was lost");
        }
        long started = System.nanoTime();
        try {
            revision = registry.getLeases().renew(key, owner, revision);
            lastRenewNanos = started;
        } catch (KeyValueLeaseLostException ex) {
            lost = true;
            throw ex;
        }
    }

    /** Called by the registry's renewal task; failures other than a lost lease are retried until the lease ends. */
    void renewQuietly() {
        if (revision == 0 || lost) {
            return;
        }
        try {
            renew();
        } catch (KeyValueLeaseLostException ex) {
            // lost is set; unlock reports it
        } catch (RuntimeException ex) {
            if (System.nanoTime() - lastRenewNanos
                    >= registry.getLeases().getLease().toNanos()) {
                lost = true;
            }
        }
    }

    long getLastUsedMillis() {
        return lastUsedMillis;
    }

    boolean isLocked() {
        return local.isLocked();
    }

    private boolean acquire() {
        long started = System.nanoTime();
        String me = registry.owner();
        OptionalLong taken = registry.getLeases().tryAcquire(key, me);
        if (taken.isEmpty()) {
            return false;
        }
        revision = taken.getAsLong();
        owner = me;
        lost = false;
        lastRenewNanos = started;
        lastUsedMillis = System.currentTimeMillis();
        renewal = registry.scheduleRenewal(this);
        return true;
    }

    private void stopRenewal() {
        ScheduledFuture<?> task = renewal;
        renewal = null;
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "KeyValueLock[" + registry.getLeases().getBucketName() + "/" + key + ", held=" + isHeld() + "]";
    }
}
