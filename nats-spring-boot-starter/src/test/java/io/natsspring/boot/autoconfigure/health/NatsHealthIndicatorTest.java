package io.natsspring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;

class NatsHealthIndicatorTest {

    @TempDir
    Path store;

    @Test
    void downWhenTheBrokerStops() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsHealthContributorAutoConfiguration.class))
                .withPropertyValues("nats.max-reconnects=1", "nats.reconnect-wait=100ms", "nats.drain-timeout=500ms")
                .run(context -> {
                    NatsHealthIndicator indicator = context.getBean("natsHealthIndicator", NatsHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    context.getBean(NatsBroker.class).close();
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                        Health health = indicator.health();
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails().get("status")).isNotEqualTo("CONNECTED");
                        assertThat(health.getDetails().get("embeddedBroker"))
                                .hasFieldOrPropertyWithValue("running", false)
                                .isNotNull();
                    });
                });
    }

    @Test
    void readinessFollowsTheConnection() {
        List<ReadinessState> states = new CopyOnWriteArrayList<>();
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsHealthContributorAutoConfiguration.class))
                .withPropertyValues("nats.max-reconnects=-1", "nats.reconnect-wait=100ms", "nats.drain-timeout=500ms")
                .withBean("readinessRecorder", ApplicationListener.class, () ->
                        (ApplicationListener<AvailabilityChangeEvent<ReadinessState>>) e -> states.add(e.getState()))
                .run(context -> {
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    int port = broker.port();
                    broker.close();
                    await().atMost(Duration.ofSeconds(5)).until(() -> states.contains(ReadinessState.REFUSING_TRAFFIC));
                    try (NatsBroker again = new NatsBroker(
                                    broker.options().toBuilder().port(port).build())
                            .start()) {
                        await().atMost(Duration.ofSeconds(10))
                                .until(() -> states.equals(
                                        List.of(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC)));
                    }
                });
    }

    @Test
    void canBeDisabled() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(NatsHealthContributorAutoConfiguration.class))
                .withPropertyValues("management.health.nats.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(NatsHealthIndicator.class));
    }
}
