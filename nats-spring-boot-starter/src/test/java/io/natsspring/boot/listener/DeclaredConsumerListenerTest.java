package io.natsspring.boot.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.annotation.listener.ListenerConfigurationException;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.metrics.MicrometerListenerMetrics;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpointAutoConfiguration;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpointWebExtension;
import io.natsspring.boot.autoconfigure.health.NatsHealthContributorAutoConfiguration;
import io.natsspring.boot.autoconfigure.health.NatsHealthIndicator;
import io.natsspring.boot.autoconfigure.listener.NatsListenerAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue 16, the new user's path through the starter: a durable declared in {@code application.yml} (filter,
 * max-deliver 3, backoff) plus {@code @JetStreamConsumer(stream = "ORDERS", durable = "processor")}. The listener binds
 * to the declared consumer instead of replacing it, a failing message is given up after 3 deliveries, and the
 * {@code nats} endpoint and health show the listener's stream, durable, filter and state (points 1, 2 and 7).
 */
class DeclaredConsumerListenerTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(
                        NatsListenerAutoConfiguration.class,
                        NatsEndpointAutoConfiguration.class,
                        NatsHealthContributorAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "nats.connection-timeout=10s", // a cold first start on a busy machine takes seconds
                        "management.endpoints.web.exposure.include=nats",
                        "nats.jetstream.streams[0].name=ORDERS",
                        "nats.jetstream.streams[0].subjects=orders.>",
                        "nats.jetstream.consumers[0].stream=ORDERS",
                        "nats.jetstream.consumers[0].durable=processor",
                        "nats.jetstream.consumers[0].filter-subjects=orders.created",
                        "nats.jetstream.consumers[0].max-deliver=3",
                        "nats.jetstream.consumers[0].backoff=200ms,400ms");
    }

    static class OrderProcessor {

        final List<String> attempts = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "ORDERS", durable = "processor")
        void process(String order) {
            attempts.add(order);
            throw new IllegalStateException("payment service down");
        }
    }

    @Test
    void theListenerBindsToTheYamlConsumerKeepsItsLimitsAndShowsItInTheEndpointAndHealth() {
        runner().withBean(OrderProcessor.class).run(context -> {
            assertThat(context).hasNotFailed();
            JetStreamManagement jsm = context.getBean(JetStreamManagement.class);
            ConsumerConfiguration kept =
                    jsm.getConsumerInfo("ORDERS", "processor").getConsumerConfiguration();
            assertThat(kept.getFilterSubject()).isEqualTo("orders.created");
            assertThat(kept.getMaxDeliver()).isEqualTo(3);
            assertThat(kept.getBackoff()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));

            context.getBean(JetStream.class).publish("orders.created", "o-1".getBytes(StandardCharsets.UTF_8));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(meters.find(MicrometerListenerMetrics.GIVEN_UP)
                                    .tag("listener.id", "OrderProcessor.process")
                                    .counter())
                            .isNotNull()
                            .satisfies(c -> assertThat(c.count()).isEqualTo(1.0)));
            assertThat(context.getBean(OrderProcessor.class).attempts).containsExactly("o-1", "o-1", "o-1");

            NatsEndpoint endpoint = context.getBean(NatsEndpoint.class);
            assertThat(endpoint.nats().listeners()).singleElement().satisfies(listener -> {
                assertThat(listener.id()).isEqualTo("OrderProcessor.process");
                assertThat(listener.kind()).isEqualTo("jetstream");
                assertThat(listener.stream()).isEqualTo("ORDERS");
                assertThat(listener.durable()).isEqualTo("processor");
                assertThat(listener.filterSubjects()).containsExactly("orders.created");
                assertThat(listener.subjects()).containsExactly("orders.created");
                assertThat(listener.consuming()).isTrue();
            });

            NatsHealthIndicator health = context.getBean(NatsHealthIndicator.class);
            Health up = health.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails().get("listeners")).isEqualTo(Map.of("OrderProcessor.process", "consuming"));

            NatsEndpointWebExtension web = context.getBean(NatsEndpointWebExtension.class);
            assertThat(web.listener("nobody", "pause").getStatus()).isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
            assertThatThrownBy(() -> web.listener("OrderProcessor.process", "explode"))
                    .isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("explode");
            WebEndpointResponse<NatsEndpoint.ListenerDescriptor> paused =
                    web.listener("OrderProcessor.process", "pause");
            assertThat(paused.getStatus()).isEqualTo(WebEndpointResponse.STATUS_OK);
            assertThat(paused.getBody().paused()).isTrue();
            assertThat(health.health().getDetails().get("listeners"))
                    .isEqualTo(Map.of("OrderProcessor.process", "paused"));

            // a running listener that does not consume (re-pulling after a reconnect) makes the component
            // OUT_OF_SERVICE
            context.getBean(NatsListenerEndpointRegistry.class).registerListenerContainer(new NotConsuming());
            Health notConsuming = health.health();
            assertThat(notConsuming.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(notConsuming.getDetails().get("listeners"))
                    .isEqualTo(Map.of("OrderProcessor.process", "paused", "reconnecting", "not-consuming"));
        });
    }

    /** A started listener whose delivery is not live. */
    static class NotConsuming implements NatsListenerContainer {
        public String getId() {
            return "reconnecting";
        }

        public String getKind() {
            return "jetstream";
        }

        public List<String> getSubjects() {
            return List.of();
        }

        public boolean isAutoStartup() {
            return false;
        }

        public void start() {}

        public void stop() {}

        public boolean isRunning() {
            return true;
        }

        public void pause() {}

        public void resume() {}

        public boolean isPaused() {
            return false;
        }

        public boolean isConsuming() {
            return false;
        }

        public int getInFlight() {
            return 0;
        }
    }

    static class ConflictingProcessor {

        @JetStreamConsumer(stream = "ORDERS", durable = "processor", maxDeliver = "10")
        void process(String order) {}
    }

    @Test
    void aConflictingAnnotationFailsStartupNamingTheYamlEntryAndTheMethod() {
        runner().withBean(ConflictingProcessor.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ListenerConfigurationException.class)
                    .hasMessageContaining("@JetStreamConsumer on ConflictingProcessor#process")
                    .hasMessageContaining("declared at nats.jetstream.consumers[0]")
                    .hasMessageContaining("max-deliver: consumer 3, annotation 10");
        });
    }

    static class UndeclaredStreamListener {

        @JetStreamConsumer(stream = "PAYMENTS", durable = "payer")
        void pay(String payment) {}
    }

    @Test
    void aListenerOnAStreamNobodyDeclaredFailsStartupWithAHint() {
        runner().withBean(UndeclaredStreamListener.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ListenerConfigurationException.class)
                    .hasMessageContaining("stream 'PAYMENTS', which does not exist")
                    .hasMessageContaining("nats.jetstream.streams");
        });
    }

    static class Auditor {

        @JetStreamConsumer(stream = "ORDERS", durable = "auditor")
        void audit(String order) {}
    }

    @Test
    void defaultsOfTheConsumersListenersCreateComeFromProperties() {
        runner().withPropertyValues("nats.listener.max-deliver=2")
                .withBean(Auditor.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JetStreamManagement.class)
                                    .getConsumerInfo("ORDERS", "auditor")
                                    .getConsumerConfiguration()
                                    .getMaxDeliver())
                            .isEqualTo(2);
                });
        runner().withPropertyValues("nats.listener.max-deliver=0")
                .withBean(Auditor.class)
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("nats.listener.max-deliver must be positive or -1"));
    }
}
