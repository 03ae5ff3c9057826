package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consumer administration through jnats: create/update rules, info numbers, names, list, delete. */
class ConsumerApiTest extends JetStreamTestSupport {

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        createStream("ORDERS", StorageType.Memory, "orders.>");
    }

    @Test
    void createsDurableAndReportsInfo() throws Exception {
        for (int i = 0; i < 5; i++) {
            js.publish("orders.new", ("m" + i).getBytes());
        }
        ConsumerInfo ci = jsm.addOrUpdateConsumer(
                "ORDERS",
                ConsumerConfiguration.builder()
                        .durable("d1")
                        .ackPolicy(AckPolicy.Explicit)
                        .filterSubject("orders.new")
                        .metadata(Map.of("k", "v"))
                        .build());
        assertThat(ci.getName()).isEqualTo("d1");
        assertThat(ci.getStreamName()).isEqualTo("ORDERS");
        assertThat(ci.getNumPending()).isEqualTo(5);
        assertThat(ci.getConsumerConfiguration().getAckWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ci.getConsumerConfiguration().getMaxAckPending()).isEqualTo(1000);
        assertThat(ci.getConsumerConfiguration().getMaxPullWaiting()).isEqualTo(512);
        assertThat(ci.getConsumerConfiguration().getMaxDeliver()).isEqualTo(-1);
        assertThat(ci.getConsumerConfiguration().getMetadata()).containsEntry("k", "v");
        assertThat(ci.getDelivered().getStreamSequence()).isZero();
        assertThat(jsm.getStreamInfo("ORDERS").getStreamState().getConsumerCount())
                .isEqualTo(1);
        assertThat(jsm.getConsumerNames("ORDERS")).containsExactly("d1");
        assertThat(jsm.getConsumers("ORDERS")).hasSize(1);
    }

    @Test
    void createActionAndUpdateRules() throws Exception {
        ConsumerConfiguration cc = ConsumerConfiguration.builder()
                .durable("d")
                .ackPolicy(AckPolicy.Explicit)
                .build();
        jsm.createConsumer("ORDERS", cc);
        jsm.createConsumer("ORDERS", cc);
        apiError(
                10148,
                () -> jsm.createConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder(cc).description("other").build()));
        apiError(
                10149,
                () -> jsm.updateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("missing")
                                .ackPolicy(AckPolicy.Explicit)
                                .build()));
        ConsumerInfo ci = jsm.updateConsumer(
                "ORDERS",
                ConsumerConfiguration.builder(cc)
                        .description("changed")
                        .maxDeliver(5)
                        .build());
        assertThat(ci.getConsumerConfiguration().getDescription()).isEqualTo("changed");
        apiError(
                10012,
                () -> jsm.updateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder(cc)
                                .ackPolicy(AckPolicy.All)
                                .build()));
        apiError(
                10012,
                () -> jsm.updateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder(cc)
                                .deliverPolicy(DeliverPolicy.New)
                                .build()));
    }

    @Test
    void configValidationErrors() throws Exception {
        apiError(
                10094,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("x")
                                .deliverPolicy(DeliverPolicy.ByStartSequence)
                                .build()));
        apiError(
                10088,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("x")
                                .idleHeartbeat(Duration.ofSeconds(1))
                                .build()));
        apiError(
                10081,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("x")
                                .deliverSubject("orders.loop")
                                .build()));
        apiError(
                10116,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("x")
                                .ackPolicy(AckPolicy.Explicit)
                                .maxDeliver(2)
                                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
                                .build()));
        apiError(
                10138,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("x")
                                .filterSubjects("orders.a", "orders.*")
                                .build()));
        apiError(
                10059,
                () -> jsm.addOrUpdateConsumer(
                        "NOPE", ConsumerConfiguration.builder().durable("x").build()));
        apiError(10014, () -> jsm.getConsumerInfo("ORDERS", "none"));
        apiError(10014, () -> jsm.deleteConsumer("ORDERS", "none"));
    }

    @Test
    void deleteAndPaging() throws Exception {
        for (int i = 0; i < 3; i++) {
            jsm.addOrUpdateConsumer(
                    "ORDERS", ConsumerConfiguration.builder().durable("c" + i).build());
        }
        assertThat(jsm.getConsumerNames("ORDERS")).containsExactly("c0", "c1", "c2");
        assertThat(jsm.deleteConsumer("ORDERS", "c1")).isTrue();
        assertThat(jsm.getConsumerNames("ORDERS")).containsExactly("c0", "c2");
        jsm.deleteStream("ORDERS");
        apiError(10059, () -> jsm.getConsumerNames("ORDERS"));
    }

    @Test
    void workQueueRules() throws Exception {
        jsm.addStream(StreamConfiguration.builder()
                .name("WQ")
                .subjects("wq.>")
                .storageType(StorageType.Memory)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .build());
        apiError(
                10098,
                () -> jsm.addOrUpdateConsumer(
                        "WQ",
                        ConsumerConfiguration.builder()
                                .durable("a")
                                .ackPolicy(AckPolicy.All)
                                .build()));
        jsm.addOrUpdateConsumer(
                "WQ",
                ConsumerConfiguration.builder()
                        .durable("a")
                        .ackPolicy(AckPolicy.Explicit)
                        .filterSubject("wq.a.>")
                        .build());
        apiError(
                10100,
                () -> jsm.addOrUpdateConsumer(
                        "WQ",
                        ConsumerConfiguration.builder()
                                .durable("b")
                                .ackPolicy(AckPolicy.Explicit)
                                .filterSubject("wq.*.x")
                                .build()));
        apiError(
                10099,
                () -> jsm.addOrUpdateConsumer(
                        "WQ",
                        ConsumerConfiguration.builder()
                                .durable("c")
                                .ackPolicy(AckPolicy.Explicit)
                                .build()));
        jsm.addOrUpdateConsumer(
                "WQ",
                ConsumerConfiguration.builder()
                        .durable("b")
                        .ackPolicy(AckPolicy.Explicit)
                        .filterSubject("wq.b.>")
                        .build());
    }
}
