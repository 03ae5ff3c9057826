package io.natsspring.boot.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.natsspring.boot.autoconfigure.deadletter.DeadLetterHeaders;
import io.natsspring.boot.autoconfigure.endpoint.NatsEndpoint;
import io.natsspring.boot.autoconfigure.health.NatsHealthIndicator;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamConsumerDeclaration;
import io.natsspring.boot.autoconfigure.jetstream.JetStreamDeclarationException;
import io.natsspring.boot.autoconfigure.metrics.NatsConsumerLagMetrics;
import io.natsspring.boot.autoconfigure.metrics.NatsDeadLetterMetrics;
import io.natsspring.boot.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.natsspring.boot.template.NatsTemplate;
import io.natsspring.boot.template.NatsTemplateException;
import io.natsspring.boot.testsupport.Causes;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's JetStream features against a JetStream server given by {@link #serverUrl()}: declarations,
 * conflicts, beans declared in code, JetStream publish, dead letters, lag metrics, the endpoint and health.
 * Subclasses choose the server: a real {@code nats-server} today, the embedded broker once it answers
 * {@code $JS.API}.
 */
abstract class JetStreamStarterTests {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path store;

    /** URL of a running JetStream-enabled server. */
    protected abstract String serverUrl();

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store).withPropertyValues("nats.servers=" + serverUrl());
    }

    /** A name no other test uses on the shared server. */
    private static String unique(String prefix) {
        return prefix + NAMES.incrementAndGet() + "_"
                + Long.toString(System.nanoTime() % 100000, 36).toUpperCase();
    }

    @Test
    void createsDeclaredStreamsConsumersAndBuckets() {
        String stream = unique("ORDERS");
        String kv = unique("settings");
        String os = unique("files");
        runner().withPropertyValues(
                        "nats.jetstream.streams[0].name=" + stream,
                        "nats.jetstream.streams[0].subjects=" + stream.toLowerCase() + ".>",
                        "nats.jetstream.streams[0].storage=memory",
                        "nats.jetstream.streams[0].max-age=1h",
                        "nats.jetstream.streams[0].max-msgs-per-subject=10",
                        "nats.jetstream.streams[0].duplicate-window=30s",
                        "nats.jetstream.consumers[0].stream=" + stream,
                        "nats.jetstream.consumers[0].durable=billing",
                        "nats.jetstream.consumers[0].filter-subjects=" + stream.toLowerCase() + ".created",
                        "nats.jetstream.consumers[0].max-deliver=3",
                        "nats.jetstream.consumers[0].backoff=1s,5s",
                        "nats.jetstream.key-value[0].name=" + kv,
                        "nats.jetstream.key-value[0].history=3",
                        "nats.jetstream.object-store[0].name=" + os,
                        "nats.jetstream.object-store[0].storage=memory")
                .run(context -> {
                    JetStreamManagement jsm = context.getBean(JetStreamManagement.class);
                    StreamConfiguration sc = jsm.getStreamInfo(stream).getConfiguration();
                    assertThat(sc.getSubjects()).containsExactly(stream.toLowerCase() + ".>");
                    assertThat(sc.getStorageType()).isEqualTo(StorageType.Memory);
                    assertThat(sc.getMaxAge()).isEqualTo(Duration.ofHours(1));
                    assertThat(sc.getMaxMsgsPerSubject()).isEqualTo(10);
                    assertThat(sc.getDuplicateWindow()).isEqualTo(Duration.ofSeconds(30));
                    ConsumerConfiguration cc =
                            jsm.getConsumerInfo(stream, "billing").getConsumerConfiguration();
                    assertThat(cc.getFilterSubject()).isEqualTo(stream.toLowerCase() + ".created");
                    assertThat(cc.getAckWait()).isEqualTo(Duration.ofSeconds(1)); // the server takes the first backoff
                    assertThat(cc.getMaxDeliver()).isEqualTo(3);
                    assertThat(cc.getBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5));
                    assertThat(context.getBean(KeyValueManagement.class)
                                    .getStatus(kv)
                                    .getMaxHistoryPerKey())
                            .isEqualTo(3);
                    assertThat(context.getBean(ObjectStoreManagement.class)
                                    .getStatus(os)
                                    .getStorageType())
                            .isEqualTo(StorageType.Memory);
                });
    }

    @Test
    void updatesOnlyTheDeclaredFieldsThatChanged() {
        String stream = unique("UPD");
        String kv = unique("kvupd");
        String[] base = {
            "nats.jetstream.streams[0].name=" + stream,
            "nats.jetstream.streams[0].subjects=" + stream.toLowerCase() + ".>",
            "nats.jetstream.key-value[0].name=" + kv
        };
        runner().withPropertyValues(base)
                .withPropertyValues("nats.jetstream.streams[0].max-msgs=100", "nats.jetstream.key-value[0].history=1")
                .run(context -> {
                    // Someone changes a field the declaration does not mention; it must survive the next start.
                    JetStreamManagement jsm = context.getBean(JetStreamManagement.class);
                    StreamConfiguration current = jsm.getStreamInfo(stream).getConfiguration();
                    jsm.updateStream(StreamConfiguration.builder(current)
                            .maxAge(Duration.ofMinutes(42))
                            .build());
                });
        runner().withPropertyValues(base)
                .withPropertyValues(
                        "nats.jetstream.streams[0].max-msgs=200",
                        "nats.jetstream.streams[0].description=two hundred",
                        "nats.jetstream.key-value[0].history=5")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    StreamConfiguration sc = context.getBean(JetStreamManagement.class)
                            .getStreamInfo(stream)
                            .getConfiguration();
                    assertThat(sc.getMaxMsgs()).isEqualTo(200);
                    assertThat(sc.getDescription()).isEqualTo("two hundred");
                    assertThat(sc.getMaxAge()).isEqualTo(Duration.ofMinutes(42));
                    assertThat(context.getBean(KeyValueManagement.class)
                                    .getStatus(kv)
                                    .getMaxHistoryPerKey())
                            .isEqualTo(5);
                });
    }

    @Test
    void incompatibleChangeFailsStartupNamingStreamAndField() {
        String stream = unique("CONFLICT");
        String[] base = {
            "nats.jetstream.streams[0].name=" + stream,
            "nats.jetstream.streams[0].subjects=" + stream.toLowerCase() + ".>"
        };
        runner().withPropertyValues(base)
                .withPropertyValues("nats.jetstream.streams[0].storage=file")
                .run(context -> assertThat(context).hasNotFailed());
        runner().withPropertyValues(base)
                .withPropertyValues("nats.jetstream.streams[0].storage=memory")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(Causes.find(context.getStartupFailure(), JetStreamDeclarationException.class))
                            .isNotNull()
                            .hasMessageContaining("stream '" + stream + "'")
                            .hasMessageContaining("storage: file -> memory")
                            .hasMessageContaining("nats.jetstream.declarations.on-conflict=warn");
                });
        runner().withPropertyValues(base)
                .withPropertyValues(
                        "nats.jetstream.streams[0].storage=memory", "nats.jetstream.declarations.on-conflict=warn")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JetStreamManagement.class)
                                    .getStreamInfo(stream)
                                    .getConfiguration()
                                    .getStorageType())
                            .isEqualTo(StorageType.File);
                });
    }

    @Test
    void declarationsInCodeAreApplied() {
        String stream = unique("CODE");
        String subject = stream.toLowerCase();
        runner().withBean(
                        "codeStream",
                        StreamConfiguration.class,
                        () -> StreamConfiguration.builder()
                                .name(stream)
                                .subjects(subject + ".>")
                                .storageType(StorageType.Memory)
                                .build())
                .withBean(
                        "explicitConsumer",
                        JetStreamConsumerDeclaration.class,
                        () -> new JetStreamConsumerDeclaration(
                                stream,
                                ConsumerConfiguration.builder()
                                        .durable("explicit")
                                        .ackWait(Duration.ofSeconds(7))
                                        .build()))
                .withBean(
                        "filteredConsumer",
                        ConsumerConfiguration.class,
                        () -> ConsumerConfiguration.builder()
                                .durable("filtered")
                                .filterSubject(subject + ".paid")
                                .build())
                .run(context -> {
                    JetStreamManagement jsm = context.getBean(JetStreamManagement.class);
                    assertThat(jsm.getStreamInfo(stream).getConfiguration().getStorageType())
                            .isEqualTo(StorageType.Memory);
                    assertThat(jsm.getConsumerInfo(stream, "explicit")
                                    .getConsumerConfiguration()
                                    .getAckWait())
                            .isEqualTo(Duration.ofSeconds(7));
                    assertThat(jsm.getConsumerInfo(stream, "filtered")
                                    .getConsumerConfiguration()
                                    .getFilterSubject())
                            .isEqualTo(subject + ".paid");
                });
    }

    @Test
    void jetStreamPublishWithMessageIdAndExpectations() {
        String stream = unique("PUB");
        String subject = stream.toLowerCase() + ".created";
        runner().withPropertyValues(
                        "nats.jetstream.streams[0].name=" + stream,
                        "nats.jetstream.streams[0].subjects=" + stream.toLowerCase() + ".>")
                .run(context -> {
                    NatsTemplate template = context.getBean(NatsTemplate.class);
                    PublishAck first = template.jetStreamPublish(subject, Map.of("id", 1), "msg-1");
                    assertThat(first.getStream()).isEqualTo(stream);
                    assertThat(first.getSeqno()).isEqualTo(1);
                    assertThat(template.jetStreamPublish(subject, Map.of("id", 1), "msg-1")
                                    .isDuplicate())
                            .isTrue();
                    PublishOptions expectLast = PublishOptions.builder()
                            .expectedStream(stream)
                            .expectedLastSequence(1)
                            .build();
                    assertThat(template.jetStreamPublish(subject, "second", null, expectLast)
                                    .getSeqno())
                            .isEqualTo(2);
                    assertThatThrownBy(() -> template.jetStreamPublish(subject, "third", null, expectLast))
                            .isInstanceOf(NatsTemplateException.class)
                            .hasMessageContaining(subject);
                    PublishAck async = template.jetStreamPublishAsync(
                                    subject, "fourth", new Headers().put("k", "v"), null)
                            .get(5, TimeUnit.SECONDS);
                    assertThat(async.getSeqno()).isEqualTo(3);
                    MessageInfo stored =
                            context.getBean(JetStreamManagement.class).getMessage(stream, 3);
                    assertThat(stored.getHeaders().getFirst("k")).isEqualTo("v");
                });
    }

    @Test
    void exhaustedAndTerminatedMessagesAreDeadLettered() {
        String stream = unique("WORK");
        String dlq = unique("DLQ");
        String prefix = dlq.toLowerCase();
        String subject = stream.toLowerCase() + ".job";
        runner().withPropertyValues(
                        "nats.jetstream.streams[0].name=" + stream,
                        "nats.jetstream.streams[0].subjects=" + stream.toLowerCase() + ".>",
                        "nats.jetstream.streams[0].dead-letter=true",
                        "nats.jetstream.consumers[0].stream=" + stream,
                        "nats.jetstream.consumers[0].durable=worker",
                        "nats.jetstream.consumers[0].max-deliver=2",
                        "nats.jetstream.consumers[0].ack-policy=explicit",
                        "nats.jetstream.dead-letter.stream=" + dlq,
                        "nats.jetstream.dead-letter.subject-prefix=" + prefix)
                .withBean(SimpleMeterRegistry.class)
                .withConfiguration(AutoConfigurations.of(NatsMetricsAutoConfiguration.class))
                .run(context -> {
                    NatsTemplate template = context.getBean(NatsTemplate.class);
                    JetStream js = context.getBean(JetStream.class);
                    JetStreamManagement jsm = context.getBean(JetStreamManagement.class);
                    template.jetStreamPublish(subject, "poison", new Headers().put("Order", "42"), null);
                    JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind(stream, "worker"));
                    for (int i = 0; i < 2; i++) {
                        List<Message> got = sub.fetch(1, Duration.ofSeconds(2));
                        assertThat(got).hasSize(1);
                        got.get(0).nak();
                    }
                    assertThat(sub.fetch(1, Duration.ofMillis(500))).isEmpty(); // exhausted: not delivered again
                    template.jetStreamPublish(subject, "refused", null, null);
                    List<Message> refused = sub.fetch(1, Duration.ofSeconds(2));
                    refused.get(0).term();

                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() -> assertThat(jsm.getStreamInfo(dlq)
                                            .getStreamState()
                                            .getMsgCount())
                                    .isEqualTo(2));
                    MessageInfo dead = jsm.getMessage(dlq, 1);
                    assertThat(dead.getSubject()).isEqualTo(prefix + "." + stream + "." + subject);
                    assertThat(new String(dead.getData(), StandardCharsets.UTF_8))
                            .isEqualTo("poison");
                    Headers h = dead.getHeaders();
                    assertThat(h.getFirst("Order")).isEqualTo("42");
                    assertThat(h.getFirst(DeadLetterHeaders.STREAM)).isEqualTo(stream);
                    assertThat(h.getFirst(DeadLetterHeaders.CONSUMER)).isEqualTo("worker");
                    assertThat(h.getFirst(DeadLetterHeaders.SEQUENCE)).isEqualTo("1");
                    assertThat(h.getFirst(DeadLetterHeaders.DELIVERIES)).isEqualTo("2");
                    assertThat(h.getFirst(DeadLetterHeaders.SUBJECT)).isEqualTo(subject);
                    assertThat(h.getFirst(DeadLetterHeaders.REASON)).isEqualTo(DeadLetterHeaders.REASON_MAX_DELIVERIES);
                    Headers terminated = jsm.getMessage(dlq, 2).getHeaders();
                    assertThat(terminated.getFirst(DeadLetterHeaders.REASON))
                            .isEqualTo(DeadLetterHeaders.REASON_TERMINATED);
                    assertThat(terminated.getFirst(DeadLetterHeaders.SEQUENCE)).isEqualTo("2");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get(NatsDeadLetterMetrics.ROUTED)
                                    .tag("stream", stream)
                                    .tag("reason", DeadLetterHeaders.REASON_MAX_DELIVERIES)
                                    .counter()
                                    .count())
                            .isEqualTo(1.0);
                    assertThat(meters.get(NatsDeadLetterMetrics.ROUTED)
                                    .tag("stream", stream)
                                    .tag("reason", DeadLetterHeaders.REASON_TERMINATED)
                                    .counter()
                                    .count())
                            .isEqualTo(1.0);
                });
    }

    @Test
    void lagMetricsEndpointAndHealthShowStreamsAndConsumers() {
        String stream = unique("LAG");
        String subject = stream.toLowerCase() + ".e";
        runner().withConfiguration(AutoConfigurations.of(
                        io.natsspring.boot.autoconfigure.metrics.NatsMetricsAutoConfiguration.class,
                        io.natsspring.boot.autoconfigure.health.NatsHealthContributorAutoConfiguration.class))
                .withUserConfiguration(Meters.class)
                .withPropertyValues(
                        "nats.jetstream.streams[0].name=" + stream,
                        "nats.jetstream.streams[0].subjects=" + stream.toLowerCase() + ".>",
                        "nats.jetstream.consumers[0].stream=" + stream,
                        "nats.jetstream.consumers[0].durable=reader",
                        "nats.jetstream.consumers[0].ack-policy=explicit")
                .run(context -> {
                    NatsTemplate template = context.getBean(NatsTemplate.class);
                    for (int i = 0; i < 3; i++) {
                        template.jetStreamPublish(subject, "e" + i);
                    }
                    NatsConsumerLagMetrics lag = context.getBean(NatsConsumerLagMetrics.class);
                    lag.bindTo(context.getBean(MeterRegistry.class)); // no Boot metrics auto-configuration here
                    lag.refresh();
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("nats.consumer.pending")
                                    .tag("stream", stream)
                                    .tag("consumer", "reader")
                                    .gauge()
                                    .value())
                            .isEqualTo(3.0);
                    assertThat(meters.get("nats.consumer.ack.pending")
                                    .tag("stream", stream)
                                    .gauge()
                                    .value())
                            .isZero();

                    NatsEndpoint.StreamDescriptor described = new NatsEndpoint(
                                    context.getBean(Connection.class), context.getBean(JetStreamManagement.class))
                            .stream(stream);
                    assertThat(described.messages()).isEqualTo(3);
                    assertThat(described.lastSequence()).isEqualTo(3);
                    assertThat(described.consumers()).singleElement().satisfies(c -> {
                        assertThat(c.name()).isEqualTo("reader");
                        assertThat(c.numPending()).isEqualTo(3);
                    });

                    var health = context.getBean(NatsHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails().get("jetStream"))
                            .asInstanceOf(
                                    org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                            .containsEntry("enabled", true)
                            .containsEntry("reachable", true)
                            .extractingByKey("streams")
                            .asInstanceOf(
                                    org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                            .containsOnlyKeys(stream);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
