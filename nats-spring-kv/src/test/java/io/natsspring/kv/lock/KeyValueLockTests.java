package io.natsspring.kv.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.kv.TestConnections;
import io.natsspring.kv.core.KeyValueException;
import io.natsspring.kv.lock.integration.IntegrationKeyValueLockRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.integration.support.locks.LockRegistry;

/** {@link KeyValueLockRegistry} with two registries on two connections; subclasses pick the server. */
@Timeout(60)
abstract class KeyValueLockTests {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Connection first;

    private Connection second;

    private String bucket;

    private final List<KeyValueLockRegistry> registries = new ArrayList<>();

    /** The URL of the server under test. */
    protected abstract String serverUrl();

    @BeforeEach
    void connect() throws Exception {
        first = TestConnections.connect(serverUrl());
        second = TestConnections.connect(serverUrl());
        bucket = "locks" + RUNS.incrementAndGet();
    }

    @AfterEach
    void cleanUp() throws Exception {
        registries.forEach(KeyValueLockRegistry::close);
        try {
            if (first.keyValueManagement().getBucketNames().contains(bucket)) {
                first.keyValueManagement().delete(bucket);
            }
        } finally {
            first.close();
            second.close();
        }
    }

    private KeyValueLockRegistry registry(Connection connection, Duration lease) {
        KeyValueLockRegistry registry = new IntegrationKeyValueLockRegistry(
                new KeyValueLeases(connection, bucket, lease, StorageType.Memory, 1));
        registry.setPollInterval(Duration.ofMillis(20));
        registries.add(registry);
        return registry;
    }

    @Test
    void twoRegistriesExcludeEachOther() throws Exception {
        KeyValueLockRegistry one = registry(first, Duration.ofSeconds(10));
        KeyValueLockRegistry two = registry(second, Duration.ofSeconds(10));

        Lock a = one.obtain("orders.42");
        Lock b = two.obtain("orders.42");
        assertThat(a.tryLock()).isTrue();
        assertThat(b.tryLock()).isFalse();
        assertThat(b.tryLock(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(two.obtain("orders.43").tryLock()).isTrue(); // another key is another lock
        assertThat(one.getLeases().holder("orders.42"))
                .hasValueSatisfying(h -> assertThat(h).startsWith(one.getOwnerId()));
        a.unlock();
        assertThat(b.tryLock(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.tryLock()).isFalse();
        b.unlock();
        two.obtain("orders.43").unlock();
    }

    @Test
    void reentrantInsideOneRegistryAndExclusiveBetweenThreads() throws Exception {
        KeyValueLockRegistry one = registry(first, Duration.ofSeconds(10));
        KeyValueLock lock = one.obtain("job");
        assertThat(one.obtain("job")).isSameAs(lock);
        lock.lock();
        lock.lock();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(other.submit(() -> lock.tryLock()).get()).isFalse();
            lock.unlock();
            assertThat(lock.isHeld()).isTrue();
            lock.unlock();
            assertThat(lock.isHeld()).isFalse();
            assertThat(other.submit(() -> {
                                boolean got = lock.tryLock();
                                lock.unlock();
                                return got;
                            })
                            .get())
                    .isTrue();
        } finally {
            other.shutdownNow();
        }
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(lock::newCondition).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void mutualExclusionAcrossTwoConnections() throws Exception {
        KeyValueLockRegistry one = registry(first, Duration.ofSeconds(10));
        KeyValueLockRegistry two = registry(second, Duration.ofSeconds(10));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (KeyValueLockRegistry registry : List.of(one, two)) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        Lock lock = registry.obtain("counter");
                        lock.lock();
                        try {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.sleep(2);
                            inside.decrementAndGet();
                            done.incrementAndGet();
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        } finally {
                            lock.unlock();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(done.get()).isEqualTo(30);
        assertThat(maxInside.get()).isEqualTo(1);
    }

    @Test
    void heldLeaseIsRenewedPastItsLength() {
        KeyValueLockRegistry one = registry(first, Duration.ofSeconds(1));
        KeyValueLockRegistry two = registry(second, Duration.ofSeconds(1));
        KeyValueLock lock = one.obtain("renewed");
        assertThat(lock.tryLock()).isTrue();
        // three leases long, the other registry never gets it
        await().during(Duration.ofMillis(3000))
                .atMost(Duration.ofSeconds(6))
                .until(() -> two.getLeases().holder("renewed").isPresent()
                        && !two.obtain("renewed").tryLock());
        one.renewLock("renewed");
        lock.unlock();
        assertThat(two.obtain("renewed").tryLock()).isTrue();
        two.obtain("renewed").unlock();
    }

    @Test
    void leaseOfAHolderThatStoppedRenewingExpiresAndUnlockReportsTheLoss() throws Exception {
        KeyValueLockRegistry one = registry(first, Duration.ofSeconds(1));
        KeyValueLockRegistry two = registry(second, Duration.ofSeconds(1));
        KeyValueLock lock = one.obtain("crashy");
        assertThat(lock.tryLock()).isTrue();
        one.close(); // no more renewals, as if the application had died

        Lock taken = two.obtain("crashy");
        assertThat(taken.tryLock(15, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(lock::unlock)
                .isInstanceOf(KeyValueLeaseLostException.class)
                .hasMessageContaining("crashy")
                .hasMessageContaining(bucket);
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        taken.unlock();
    }

    @Test
    void springIntegrationLockRegistry() throws Exception {
        LockRegistry<KeyValueLock> registry = (IntegrationKeyValueLockRegistry) registry(first, Duration.ofSeconds(10));
        String result = registry.executeLocked("si.key", () -> "ran");
        assertThat(result).isEqualTo("ran");
        assertThat(registry.obtain("si.key").isHeld()).isFalse();
        assertThatThrownBy(() -> ((IntegrationKeyValueLockRegistry) registry).renewLock("si.key", Duration.ofDays(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        ((IntegrationKeyValueLockRegistry) registry).expireUnusedOlderThan(0);
    }

    @Test
    void lockKeysAreEscapedAndBucketWithoutMaxAgeRefused() throws Exception {
        KeyValueLockRegistry one = registry(first, Duration.ofSeconds(10));
        assertThat(one.obtain("a b").getKey()).isEqualTo("a=20b");
        assertThat(one.obtain("a=20b").getKey()).isEqualTo("a=3D20b");

        first.keyValueManagement()
                .create(KeyValueConfiguration.builder()
                        .name(bucket + "-forever")
                        .storageType(StorageType.Memory)
                        .build());
        try {
            KeyValueLeases forever = new KeyValueLeases(first, bucket + "-forever", Duration.ofSeconds(5));
            assertThatThrownBy(() -> forever.tryAcquire("k", "me"))
                    .isInstanceOf(KeyValueException.class)
                    .hasMessageContaining(bucket + "-forever")
                    .hasMessageContaining("max age");
        } finally {
            first.keyValueManagement().delete(bucket + "-forever");
        }
    }
}
