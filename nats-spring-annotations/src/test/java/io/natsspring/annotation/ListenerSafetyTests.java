package io.natsspring.annotation;

import static io.natsspring.annotation.testsupport.JetStreamFixtures.publish;
import static io.natsspring.annotation.testsupport.JetStreamFixtures.recreateStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.natsspring.annotation.config.NatsListenerConfigurer;
import io.natsspring.annotation.jetstream.JetStreamSettler;
import io.natsspring.annotation.listener.ConsumerDeclarationLocator;
import io.natsspring.annotation.listener.ConsumerDefaults;
import io.natsspring.annotation.listener.JetStreamListenerContainer;
import io.natsspring.annotation.listener.ListenerConfigurationException;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.annotation.metrics.MicrometerListenerMetrics;
import io.natsspring.annotation.testsupport.JetStreamFixtures;
import io.natsspring.annotation.testsupport.ListenerContexts;
import io.natsspring.annotation.testsupport.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Issue 16, points 1 and 2, the way a new user meets them: a durable that already exists (declared elsewhere) is
 * bound to, never silently replaced; contradictions, missing streams and missing consumers fail startup naming the
 * places and the fix; a handler that always fails gets a bounded number of delayed deliveries, then the message is
 * given up with a WARN line and counted. Subclasses choose the server.
 */
abstract class ListenerSafetyTests {

    private final Logger settlerLog = Logger.getLogger(JetStreamSettler.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    protected abstract TestServer server();

    @BeforeEach
    void captureWarnings() {
        settlerLog.addHandler(capture);
    }

    @AfterEach
    void releaseWarnings() {
        settlerLog.removeHandler(capture);
    }

    private AnnotationConfigApplicationContext start(Class<?>... components) {
        return ListenerContexts.start(server(), components);
    }

    private Connection admin() {
        return ListenerContexts.connect(server().url());
    }

    /** The {@link ListenerConfigurationException} that fails the context's startup. */
    private ListenerConfigurationException startupFailure(Class<?>... components) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> start(components).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ListenerConfigurationException failure) {
                return failure;
            }
        }
        throw new AssertionError("startup did not fail with a ListenerConfigurationException", thrown);
    }

    /** The consumer an operator (or the starter's YAML declaration) made: filter, max-deliver 3, a backoff. */
    private static void declareProcessor(Connection admin, String stream, String filter) throws Exception {
        admin.jetStreamManagement()
                .addOrUpdateConsumer(
                        stream,
                        ConsumerConfiguration.builder()
                                .durable("processor")
                                .ackPolicy(AckPolicy.Explicit)
                                .filterSubject(filter)
                                .maxDeliver(3)
                                .backoff(Duration.ofMillis(200), Duration.ofMillis(400))
                                .build());
    }

    // ---------------------------------------------------------------- point 1: bind, never overwrite

    @Component
    static class BindingProcessor {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "SAFE_BIND", durable = "processor")
        void process(String payload) {
            seen.add(payload);
        }
    }

    @Test
    void aListenerWithoutCreateFalseBindsToTheDeclaredConsumerAndKeepsItsConfiguration() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "SAFE_BIND", "safety.orders.>");
            declareProcessor(admin, "SAFE_BIND", "safety.orders.created");
            try (AnnotationConfigApplicationContext context = start(BindingProcessor.class)) {
                publish(admin, "safety.orders.created", "o-1");
                publish(admin, "safety.orders.cancelled", "filtered-out");
                BindingProcessor listener = context.getBean(BindingProcessor.class);
                await().atMost(Duration.ofSeconds(5)).until(() -> listener.seen.contains("o-1"));
                ConsumerConfiguration kept = JetStreamFixtures.consumer(admin, "SAFE_BIND", "processor")
                        .getConsumerConfiguration();
                assertThat(kept.getFilterSubject()).isEqualTo("safety.orders.created");
                assertThat(kept.getMaxDeliver()).isEqualTo(3);
                assertThat(kept.getBackoff()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
                JetStreamListenerContainer container =
                        (JetStreamListenerContainer) context.getBean(NatsListenerEndpointRegistry.class)
                                .getListenerContainer("BindingProcessor.process");
                assertThat(container.getFilterSubjects()).containsExactly("safety.orders.created");
                assertThat(listener.seen).doesNotContain("filtered-out");
            }
        }
    }

    @Component
    static class ContradictingProcessor {

        @JetStreamConsumer(
                stream = "SAFE_CONFLICT",
                durable = "processor",
                maxDeliver = "10",
                filterSubject = "safety.conflict.>")
        void process(String payload) {}
    }

    /** Names the declaration, as the Boot starter does for {@code nats.jetstream.consumers}. */
    @Configuration(proxyBeanMethods = false)
    static class DeclaredInYaml {

        @Bean
        ConsumerDeclarationLocator declarations() {
            return (stream, durable) -> "processor".equals(durable) ? "nats.jetstream.consumers[0]" : null;
        }
    }

    @Test
    void aContradictingAnnotationFailsStartupNamingBothPlacesTheFieldsAndTheFix() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "SAFE_CONFLICT", "safety.conflict.>");
            declareProcessor(admin, "SAFE_CONFLICT", "safety.conflict.created");
            assertThat(startupFailure(ContradictingProcessor.class, DeclaredInYaml.class))
                    .hasMessageContaining("@JetStreamConsumer on ContradictingProcessor#process")
                    .hasMessageContaining("nats.jetstream.consumers[0]")
                    .hasMessageContaining("max-deliver: consumer 3, annotation 10")
                    .hasMessageContaining(
                            "filter-subjects: consumer [safety.conflict.created], annotation " + "[safety.conflict.>]")
                    .hasMessageContaining("Fix: remove these attributes from the annotation");
            assertThat(startupFailure(ContradictingProcessor.class))
                    .hasMessageContaining("already exists on the server")
                    .hasMessageContaining("nats consumer rm SAFE_CONFLICT processor");
            assertThat(JetStreamFixtures.consumer(admin, "SAFE_CONFLICT", "processor")
                            .getConsumerConfiguration()
                            .getMaxDeliver())
                    .isEqualTo(3);
        }
    }

    @Component
    static class MissingStreamListener {

        @JetStreamConsumer(stream = "SAFE_NO_SUCH_STREAM", durable = "reader")
        void read(String payload) {}
    }

    @Component
    static class MissingConsumerListener {

        @JetStreamConsumer(stream = "SAFE_BIND_ONLY", durable = "nobody-made-me", create = false)
        void read(String payload) {}
    }

    @Test
    void startupFailsWithAHintWhenTheStreamOrTheConsumerToBindToDoesNotExist() throws Exception {
        try (Connection admin = admin()) {
            try {
                admin.jetStreamManagement().deleteStream("SAFE_NO_SUCH_STREAM");
            } catch (io.nats.client.JetStreamApiException notThere) {
                // expected
            }
            assertThat(startupFailure(MissingStreamListener.class))
                    .hasMessageContaining("stream 'SAFE_NO_SUCH_STREAM', which does not exist")
                    .hasMessageContaining("nats.jetstream.streams");
            recreateStream(admin, "SAFE_BIND_ONLY", "safety.bind-only.>");
            assertThat(startupFailure(MissingConsumerListener.class))
                    .hasMessageContaining("'nobody-made-me'")
                    .hasMessageContaining("nats.jetstream.consumers");
        }
    }

    // ---------------------------------------------------------------- point 2: no endless hot loop by default

    @Component
    static class DefaultPoisonListener {

        final List<Long> attempts = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "SAFE_DEFAULTS", durable = "defaults")
        void handle(String payload) {
            attempts.add(System.nanoTime());
            throw new IllegalStateException("always fails: " + payload);
        }
    }

    @Test
    void consumersListenersCreateHaveAFiniteMaxDeliverAndFailuresAreRedeliveredWithADelay() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "SAFE_DEFAULTS", "safety.defaults.>");
            try (AnnotationConfigApplicationContext context = start(DefaultPoisonListener.class)) {
                ConsumerInfo info = JetStreamFixtures.consumer(admin, "SAFE_DEFAULTS", "defaults");
                assertThat(info.getConsumerConfiguration().getMaxDeliver()).isEqualTo(5);
                // no server backoff: it would replace ack-wait with its first delay
                assertThat(info.getConsumerConfiguration().getAckWait()).isEqualTo(Duration.ofSeconds(30));
                publish(admin, "safety.defaults.x", "poison");
                DefaultPoisonListener listener = context.getBean(DefaultPoisonListener.class);
                await().atMost(Duration.ofSeconds(5)).until(() -> listener.attempts.size() >= 2);
                assertThat(TimeUnit.NANOSECONDS.toMillis(listener.attempts.get(1) - listener.attempts.get(0)))
                        .isGreaterThanOrEqualTo(900);
            }
        }
    }

    @Component
    static class PoisonListener {

        final List<Long> attempts = new CopyOnWriteArrayList<>();

        @JetStreamConsumer(stream = "SAFE_POISON", durable = "poisoned")
        void handle(String payload) {
            attempts.add(System.nanoTime());
            throw new IllegalStateException("always fails: " + payload);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ShortDefaultsAndMetrics {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        NatsListenerConfigurer shortDefaults() {
            return settings -> settings.setConsumerDefaults(
                    new ConsumerDefaults(3, List.of(Duration.ofMillis(150), Duration.ofMillis(300))));
        }
    }

    @Test
    void aMessageThatAlwaysFailsIsGivenUpAfterBoundedDelayedDeliveriesWithAWarningAndACounter() throws Exception {
        try (Connection admin = admin()) {
            recreateStream(admin, "SAFE_POISON", "safety.poison.>");
            try (AnnotationConfigApplicationContext context =
                    start(PoisonListener.class, ShortDefaultsAndMetrics.class)) {
                publish(admin, "safety.poison.order", "poison-1");
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(meters.find(MicrometerListenerMetrics.GIVEN_UP)
                                        .tag("listener.id", "PoisonListener.handle")
                                        .tag("reason", "max_deliveries")
                                        .counter())
                                .isNotNull()
                                .satisfies(
                                        counter -> assertThat(counter.count()).isEqualTo(1.0)));
                PoisonListener listener = context.getBean(PoisonListener.class);
                assertThat(listener.attempts).hasSize(3);
                assertThat(TimeUnit.NANOSECONDS.toMillis(listener.attempts.get(1) - listener.attempts.get(0)))
                        .isGreaterThanOrEqualTo(130);
                assertThat(TimeUnit.NANOSECONDS.toMillis(listener.attempts.get(2) - listener.attempts.get(1)))
                        .isGreaterThanOrEqualTo(280);
                assertThat(warnings)
                        .anySatisfy(record -> assertThat(record.getMessage())
                                .contains(
                                        "Listener 'PoisonListener.handle' gave up on a message from 'safety.poison.order'")
                                .contains("stream SAFE_POISON seq 1, delivery 3 of max 3")
                                .contains("max_deliveries")
                                .contains("IllegalStateException: always fails: poison-1"));
                await().during(Duration.ofMillis(700))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> listener.attempts.size() == 3);
                assertThat(meters.find(MicrometerListenerMetrics.DEAD_LETTERED).counter())
                        .isNull();
            }
        }
    }
}
