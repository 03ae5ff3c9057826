package io.natsspring.boot.autoconfigure.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.natsspring.boot.autoconfigure.kv.NatsKeyValueAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.kv.leader.KeyValueLeaderInitiator;
import io.natsspring.kv.leader.LeadershipGrantedEvent;
import io.natsspring.kv.lock.KeyValueLeases;
import io.natsspring.kv.lock.KeyValueLock;
import io.natsspring.kv.lock.KeyValueLockRegistry;
import io.natsspring.kv.lock.integration.IntegrationKeyValueLockRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.support.locks.LockRegistry;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NatsLockAutoConfigurationTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(
                        AutoConfigurations.of(NatsKeyValueAutoConfiguration.class, NatsLockAutoConfiguration.class));
    }

    @Test
    void integrationLockRegistryWithSpringIntegration() {
        runner().withPropertyValues("nats.lock.bucket=app-locks", "nats.lock.lease=5s")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(IntegrationKeyValueLockRegistry.class);
                    assertThat(context).doesNotHaveBean(KeyValueLeaderInitiator.class);
                    @SuppressWarnings("unchecked")
                    LockRegistry<KeyValueLock> registry = context.getBean(LockRegistry.class);
                    assertThat(registry.executeLocked("job", () -> "done")).isEqualTo("done");
                    assertThat(context.getBean(KeyValueLeases.class).getLease()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(context.getBean(KeyValueLeases.class).getBucketName())
                            .isEqualTo("app-locks");
                });
    }

    @Test
    void plainRegistryAndProjectEventsWithoutSpringIntegration() {
        List<ApplicationEvent> events = new CopyOnWriteArrayList<>();
        runner().withClassLoader(new FilteredClassLoader("org.springframework.integration"))
                .withPropertyValues("nats.lock.leader-role=scheduler", "nats.lock.lease=3s")
                .withInitializer(
                        ctx -> ctx.addApplicationListener((ApplicationListener<LeadershipGrantedEvent>) events::add))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(KeyValueLockRegistry.class);
                    assertThat(context.getBean(KeyValueLockRegistry.class))
                            .isNotInstanceOf(IntegrationKeyValueLockRegistry.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
                    assertThat(context.getBean(KeyValueLeaderInitiator.class)
                                    .getContext()
                                    .isLeader())
                            .isTrue();
                });
    }

    @Test
    void leaderInitiatorPublishesSpringIntegrationEvents() {
        List<ApplicationEvent> events = new CopyOnWriteArrayList<>();
        runner().withPropertyValues("nats.lock.leader-role=scheduler", "nats.lock.lease=3s")
                .withInitializer(ctx -> ctx.addApplicationListener((ApplicationListener<OnGrantedEvent>) events::add))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
                    assertThat(((OnGrantedEvent) events.get(0)).getRole()).isEqualTo("scheduler");
                });
    }
}
