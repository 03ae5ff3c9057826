package io.natsspring.boot.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.natsspring.annotation.JetStreamConsumer;
import io.natsspring.annotation.NatsListener;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.NatsConnectionLifecycle;
import io.natsspring.boot.autoconfigure.listener.NatsListenerAutoConfiguration;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.NatsBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 16, point 3: a context that is stopped and started again (as Spring Framework 7 pauses and restarts cached
 * test contexts) stops its listeners but keeps the connection, and resumes them on it; only close drains the
 * connection and then stops the embedded broker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextStopStartTest {

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withPropertyValues("nats.connection-timeout=10s")
                .withConfiguration(AutoConfigurations.of(NatsListenerAutoConfiguration.class))
                .withUserConfiguration(Listeners.class)
                .withPropertyValues(
                        "nats.jetstream.streams[0].name=LIFE",
                        "nats.jetstream.streams[0].subjects=life.js.>",
                        "nats.jetstream.streams[0].storage=memory");
    }

    @Test
    void stopKeepsTheConnectionAndStartResumesTheListeners() {
        AtomicReference<Connection> appConnection = new AtomicReference<>();
        AtomicReference<NatsBroker> broker = new AtomicReference<>();
        runner().run(context -> {
            Received received = context.getBean(Received.class);
            NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
            appConnection.set(context.getBean(Connection.class));
            broker.set(context.getBean(NatsBroker.class));
            try (Connection client = Nats.connect(broker.get().clientUrl())) {
                roundTrip(client, received, "a");

                context.stop();
                assertThat(registry.isRunning()).isFalse();
                assertThat(context.getBean(NatsConnectionLifecycle.class).isRunning())
                        .isFalse();
                assertThat(appConnection.get().getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertThat(broker.get().isRunning()).isTrue();
                publishBoth(client, "b");
                JetStreamManagement jsm = client.jetStreamManagement();
                assertThat(jsm.getConsumerInfo("LIFE", "life").getNumPending())
                        .as("a JetStream message published while stopped stays in the stream")
                        .isEqualTo(1);

                context.start();
                assertThat(registry.isRunning()).isTrue();
                roundTrip(client, received, "c");
                // Core NATS is at-most-once: what was published while stopped is not seen; JetStream kept it.
                assertThat(received.core).containsExactly("a", "c");
                assertThat(received.jetStream).containsExactly("a", "b", "c");

                // Spring Framework 7's pause/restart of cached test contexts goes the same way.
                context.getSourceApplicationContext(ConfigurableApplicationContext.class)
                        .pause();
                assertThat(registry.isRunning()).isFalse();
                publishBoth(client, "d");
                context.getSourceApplicationContext(ConfigurableApplicationContext.class)
                        .restart();
                roundTrip(client, received, "e");
                assertThat(received.core).containsExactly("a", "c", "e");
                assertThat(received.jetStream).containsExactly("a", "b", "c", "d", "e");
                assertThat(appConnection.get().getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
        });
        assertThat(appConnection.get().getStatus())
                .as("close drains and closes the connection")
                .isEqualTo(Connection.Status.CLOSED);
        assertThat(broker.get().isRunning())
                .as("then the embedded broker stops")
                .isFalse();
    }

    private static void publishBoth(Connection client, String text) throws Exception {
        client.publish("life.core", text.getBytes(StandardCharsets.UTF_8));
        client.jetStream().publish("life.js.event", text.getBytes(StandardCharsets.UTF_8));
        client.flush(Duration.ofSeconds(2));
    }

    private static void roundTrip(Connection client, Received received, String text) throws Exception {
        publishBoth(client, text);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(received.core).contains(text);
            assertThat(received.jetStream).contains(text);
        });
    }

    static class Received {
        final List<String> core = new CopyOnWriteArrayList<>();
        final List<String> jetStream = new CopyOnWriteArrayList<>();

        @NatsListener("life.core")
        void onCore(String text) {
            core.add(text);
        }

        @JetStreamConsumer(stream = "LIFE", durable = "life", filterSubjects = "life.js.>")
        void onJetStream(String text) {
            jetStream.add(text);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners {
        @Bean
        Received received() {
            return new Received();
        }
    }
}
