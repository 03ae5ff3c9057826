package io.natsspring.boot.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.support.JsonParser;
import io.natsspring.annotation.support.JacksonNatsMessageConverter;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerProcess;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16, point 8: a JetStream publish while JetStream is unavailable (no stream captures the subject yet,
 * JetStream is off, or "temporarily unavailable") is retried with a bounded backoff (ADR-22), succeeds when the
 * stream appears during the retries, and otherwise fails with a {@link NatsUnavailableException} naming the attempts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JetStreamPublishRetryTest {

    private static NatsBroker broker;

    @TempDir
    static Path store;

    @BeforeAll
    static void startBroker() {
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(store.resolve("broker"))
                        .build())
                .start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static NatsTemplate template(Connection connection, JetStream jetStream, PublishRetry retry) {
        return new NatsTemplate(
                connection,
                jetStream,
                new JacksonNatsMessageConverter(JsonMapper.builder().build()),
                ObservationRegistry.NOOP,
                Duration.ofSeconds(2),
                retry);
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsAndSaysSo() {
        NatsAutoConfigurations.runner(store)
                .withPropertyValues(
                        "nats.servers=" + broker.clientUrl(),
                        "nats.connection-timeout=10s",
                        "nats.template.publish-retry.max-attempts=4",
                        "nats.template.publish-retry.initial-wait=20ms",
                        "nats.template.publish-retry.max-wait=40ms")
                .run(context -> {
                    NatsTemplate template = context.getBean(NatsTemplate.class);
                    assertThatThrownBy(() -> template.jetStreamPublish("nostream.created", "x"))
                            .isInstanceOfSatisfying(NatsUnavailableException.class, e -> {
                                assertThat(e.getAttempts()).isEqualTo(4);
                                assertThat(e.getSubject()).isEqualTo("nostream.created");
                            })
                            .hasMessageContaining("after 4 attempts")
                            .hasMessageContaining("No Responders")
                            .hasMessageContaining("nats.template.publish-retry")
                            .hasCauseInstanceOf(IOException.class);
                });
    }

    @Test
    void succeedsWhenTheStreamAppearsDuringTheRetries() throws Exception {
        try (Connection connection = Nats.connect(broker.clientUrl())) {
            AtomicInteger attempts = new AtomicInteger();
            JetStream real = connection.jetStream();
            JetStream flaky = (JetStream) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {JetStream.class}, (proxy, method, args) -> {
                        if (method.getName().equals("publish") && attempts.incrementAndGet() == 3) {
                            // the stream is created between the second and the third attempt
                            connection
                                    .jetStreamManagement()
                                    .addStream(StreamConfiguration.builder()
                                            .name("LATE")
                                            .subjects("late.>")
                                            .storageType(StorageType.Memory)
                                            .build());
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            PublishAck ack = template(
                            connection, flaky, new PublishRetry(5, Duration.ofMillis(20), Duration.ofMillis(50)))
                    .jetStreamPublish("late.created", "x");
            assertThat(ack.getStream()).isEqualTo("LATE");
            assertThat(attempts).hasValue(3);
        }
    }

    @Test
    void asyncPublishRetriesToo() throws Exception {
        try (Connection connection = Nats.connect(broker.clientUrl())) {
            NatsTemplate template = template(
                    connection,
                    connection.jetStream(),
                    new PublishRetry(3, Duration.ofMillis(10), Duration.ofMillis(20)));
            CompletableFuture<PublishAck> ack = template.jetStreamPublishAsync("nostream.async", "x", null, null);
            assertThatThrownBy(() -> ack.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            NatsUnavailableException.class,
                            e -> assertThat(e.getAttempts()).isEqualTo(3));
        }
    }

    @Test
    void jetStreamTemporarilyUnavailableIsRetriedAndOtherRefusalsAreNot() throws Exception {
        JetStreamApiException unavailable = apiError(10008, "JetStream system temporarily unavailable");
        JetStreamApiException wrongStream = apiError(10060, "expected stream does not match");
        assertThat(JetStreamAvailability.isRetryable(unavailable)).isTrue();
        assertThat(JetStreamAvailability.isRetryable(wrongStream)).isFalse();
        assertThat(JetStreamAvailability.isUnavailable(wrongStream)).isFalse();
        try (Connection connection = Nats.connect(broker.clientUrl())) {
            AtomicInteger attempts = new AtomicInteger();
            JetStream failing = (JetStream) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {JetStream.class}, (proxy, method, args) -> {
                        attempts.incrementAndGet();
                        throw attempts.get() < 3 ? unavailable : wrongStream;
                    });
            assertThatThrownBy(() -> template(
                                    connection,
                                    failing,
                                    new PublishRetry(5, Duration.ofMillis(10), Duration.ofMillis(10)))
                            .jetStreamPublish("orders.x", "x"))
                    .isExactlyInstanceOf(NatsTemplateException.class)
                    .hasCause(wrongStream);
            assertThat(attempts).hasValue(3);
        }
    }

    @Test
    void aNatsServerWithoutJetStreamAnswersNoRespondersAndIsRetried() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.start(false);
                Connection connection = Nats.connect(server.url())) {
            NatsTemplate template = template(
                    connection,
                    connection.jetStream(),
                    new PublishRetry(2, Duration.ofMillis(10), Duration.ofMillis(10)));
            assertThatThrownBy(() -> template.jetStreamPublish("orders.created", "x"))
                    .isInstanceOfSatisfying(
                            NatsUnavailableException.class,
                            e -> assertThat(e.getAttempts()).isEqualTo(2))
                    .hasMessageContaining("after 2 attempts");
        }
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        PublishRetry retry = new PublishRetry(6, Duration.ofMillis(250), Duration.ofSeconds(1));
        assertThat(retry.waitAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(retry.waitAfter(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(retry.waitAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.waitAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> new PublishRetry(0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("nats.template.publish-retry.max-attempts");
    }

    private static JetStreamApiException apiError(int code, String description) {
        return new JetStreamApiException(new StreamInfo(JsonParser.parseUnchecked(
                "{\"error\":{\"code\":503,\"err_code\":" + code + ",\"description\":\"" + description + "\"}}")));
    }
}
