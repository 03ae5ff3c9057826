package io.natsspring.broker.internal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SystemQueueTest {

    @Test
    void runsTasksInOrderOnOneThread() {
        try (SystemQueue q = new SystemQueue(16)) {
            StringBuffer order = new StringBuffer();
            for (int i = 0; i < 5; i++) {
                int n = i;
                assertThat(q.submit(() -> order.append(n))).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> order.length() == 5);
            assertThat(order).hasToString("01234");
            assertThat(q.dropped()).isZero();
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        try (SystemQueue q = new SystemQueue(2)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            q.submit(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            AtomicInteger ran = new AtomicInteger();
            int accepted = 0;
            for (int i = 0; i < 10; i++) {
                if (q.submit(ran::incrementAndGet)) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(2);
            assertThat(q.dropped()).isEqualTo(8);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 2);
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheThread() {
        try (SystemQueue q = new SystemQueue(4)) {
            AtomicInteger ran = new AtomicInteger();
            q.submit(() -> {
                throw new IllegalStateException("boom");
            });
            q.submit(ran::incrementAndGet);
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 1);
        }
    }
}
