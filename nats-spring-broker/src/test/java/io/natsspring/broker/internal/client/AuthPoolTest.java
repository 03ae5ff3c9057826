package io.natsspring.broker.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.DefaultEventExecutor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AuthPoolTest {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger ran = new AtomicInteger();

    @AfterEach
    void stop() {
        release.countDown();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final Runnable blockingCheck = () -> {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ran.incrementAndGet();
    };

    @Test
    void aFullQueueMakesChecksWaitInsteadOfAddingThreads() {
        AuthPool pool = new AuthPool(1, 1, 5);

        for (int i = 0; i < 5; i++) {
            pool.submit(blockingCheck, loop, () -> true); // one runs, one is queued, three wait for room
        }

        assertThat(pool.threadCount()).isEqualTo(1);
        assertThat(ran).hasValue(0);
        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ran).hasValue(5));
        assertThat(pool.threadCount()).isEqualTo(1);
    }

    @Test
    void aCheckNoLongerWaitedForIsDropped() {
        AuthPool pool = new AuthPool(1, 1, 5);
        AtomicBoolean waiting = new AtomicBoolean(true);
        pool.submit(blockingCheck, loop, () -> true);
        pool.submit(blockingCheck, loop, () -> true);

        pool.submit(blockingCheck, loop, waiting::get); // no room: waits on the loop
        waiting.set(false); // e.g. the connection's auth timeout closed it
        pool.submit(blockingCheck, loop, waiting::get); // not even offered

        release.countDown();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ran).hasValue(2));
        await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(ran).hasValue(2));
    }

    @Test
    void theSharedPoolHasAtLeastTwoThreadsAndOnePerCore() {
        assertThat(AuthPool.THREADS)
                .isGreaterThanOrEqualTo(2)
                .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
