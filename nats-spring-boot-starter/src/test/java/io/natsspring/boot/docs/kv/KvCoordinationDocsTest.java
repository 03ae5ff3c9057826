package io.natsspring.boot.docs.kv;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.cache.NatsCacheAutoConfiguration;
import io.natsspring.boot.autoconfigure.kv.NatsKeyValueAutoConfiguration;
import io.natsspring.boot.autoconfigure.lock.NatsLockAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.kv.cache.NatsCacheManager;
import io.natsspring.kv.leader.KeyValueLeaderInitiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cache, lock and leadership examples of docs/kv.md, with two application instances on one broker. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KvCoordinationDocsTest {

    @TempDir
    Path store;

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class App {}

    private ApplicationContextRunner app() {
        return new ApplicationContextRunner()
                .withConfiguration(NatsAutoConfigurations.CORE)
                .withConfiguration(AutoConfigurations.of(
                        NatsKeyValueAutoConfiguration.class,
                        NatsCacheAutoConfiguration.class,
                        NatsLockAutoConfiguration.class,
                        CacheAutoConfiguration.class))
                .withUserConfiguration(App.class, CacheCustomization.class)
                .withBean(BookRepository.class)
                .withBean(BookCatalog.class)
                .withBean(NightlyReport.class)
                .withBean(SchedulerLeadership.class)
                .withPropertyValues(
                        "nats.drain-timeout=2s",
                        "nats.cache.enabled=true",
                        "nats.cache.time-to-live=10m",
                        "nats.lock.lease=3s",
                        "nats.lock.leader-role=scheduler");
    }

    @Test
    void twoInstancesShareTheCacheTheLockAndTheRole() {
        app().withPropertyValues("nats.broker.store-dir=" + store).run(first -> {
            assertThat(first).hasNotFailed();
            String url = first.getBean(Connection.class).getConnectedUrl();
            app().withPropertyValues("nats.mode=remote", "nats.servers=" + url).run(second -> {
                assertThat(second).hasNotFailed();
                BookCatalog one = first.getBean(BookCatalog.class);
                BookCatalog two = second.getBean(BookCatalog.class);

                assertThat(one.find("42").title()).isEqualTo("Title of 42");
                assertThat(two.find("42").title()).isEqualTo("Title of 42");
                assertThat(second.getBean(BookRepository.class).loads).hasValue(0);
                two.save(new BookCatalog.Book("42", "Second edition"));
                assertThat(one.find("42").title()).isEqualTo("Second edition");
                one.forget("42");
                assertThat(two.find("42").title()).isEqualTo("Title of 42");
                assertThat(second.getBean(BookRepository.class).loads).hasValue(1);
                assertThat(first.getBean(NatsCacheManager.class).getCacheNames()).contains("rates");

                Lock held = first.getBean(io.natsspring.kv.lock.KeyValueLockRegistry.class).obtain("reports.nightly");
                held.lock();
                try {
                    assertThat(second.getBean(NightlyReport.class).runIfFree()).isFalse();
                } finally {
                    held.unlock();
                }
                assertThat(second.getBean(NightlyReport.class).runIfFree()).isTrue();

                await().atMost(Duration.ofSeconds(10)).until(() -> first.getBean(SchedulerLeadership.class).isLeading()
                        ^ second.getBean(SchedulerLeadership.class).isLeading());
                ApplicationContextRunnerHelper.stopLeader(first, second);
            });
        });
    }

    /** Stops the leader's initiator (as its context would) and sees the other instance take the role. */
    static final class ApplicationContextRunnerHelper {
        static void stopLeader(
                org.springframework.context.ApplicationContext first,
                org.springframework.context.ApplicationContext second) {
            boolean firstLeads = first.getBean(SchedulerLeadership.class).isLeading();
            var leader = firstLeads ? first : second;
            var follower = firstLeads ? second : first;
            leader.getBean(KeyValueLeaderInitiator.class).stop();
            assertThat(leader.getBean(SchedulerLeadership.class).isLeading()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> follower.getBean(SchedulerLeadership.class).isLeading());
        }
    }
}
