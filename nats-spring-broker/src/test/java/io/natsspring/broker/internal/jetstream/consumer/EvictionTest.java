package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unacknowledged deliveries of messages the stream evicts (limits, rollup) stop counting as pending at once. */
class EvictionTest extends JetStreamTestSupport {

    private JetStreamSubscription sub;
    private Subscription terminated;

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("E")
                .subjects("e.>")
                .storageType(StorageType.File)
                .maxMessages(2)
                .allowRollup(true)
                .build());
        jsm.addOrUpdateConsumer(
                "E",
                ConsumerConfiguration.builder()
                        .durable("c")
                        .ackPolicy(AckPolicy.Explicit)
                        .maxAckPending(2)
                        .build());
        sub = js.subscribe(null, PullSubscribeOptions.bind("E", "c"));
        terminated = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.E.c");
    }

    @Test
    void limitEvictionReleasesPendingAndMaxAckPending() throws Exception {
        js.publish("e.a", "1".getBytes());
        js.publish("e.a", "2".getBytes());
        assertThat(sub.fetch(2, Duration.ofSeconds(1))).hasSize(2);
        js.publish("e.b", "3".getBytes()); // evicts seq 1

        ConsumerInfo ci = jsm.getConsumerInfo("E", "c");
        assertThat(ci.getNumAckPending()).isEqualTo(1);
        assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(1);
        assertThat(ci.getAckFloor().getConsumerSequence()).isEqualTo(1);
        String advisory =
                new String(terminated.nextMessage(Duration.ofSeconds(1)).getData());
        assertThat(advisory)
                .contains("\"stream_seq\":1")
                .contains("\"consumer_seq\":1")
                .contains("\"reason\":\"Unacknowledged message was deleted\"");
        // max_ack_pending=2 no longer counts the evicted message
        List<Message> next = sub.fetch(2, Duration.ofMillis(500));
        assertThat(next).hasSize(1);
        assertThat(next.get(0).metaData().streamSequence()).isEqualTo(3);
    }

    @Test
    void rollupReleasesPendingOfTheRolledUpSubject() throws Exception {
        js.publish("e.b", "1".getBytes());
        assertThat(sub.fetch(1, Duration.ofSeconds(1))).hasSize(1);
        js.publish(NatsMessage.builder()
                .subject("e.b")
                .headers(new Headers().put("Nats-Rollup", "sub"))
                .data("2".getBytes())
                .build());

        ConsumerInfo ci = jsm.getConsumerInfo("E", "c");
        assertThat(ci.getNumAckPending()).isZero();
        assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(1);
        assertThat(terminated.nextMessage(Duration.ofSeconds(1))).isNotNull();
        assertThat(sub.fetch(1, Duration.ofSeconds(1)).get(0).metaData().streamSequence())
                .isEqualTo(2);
    }
}
