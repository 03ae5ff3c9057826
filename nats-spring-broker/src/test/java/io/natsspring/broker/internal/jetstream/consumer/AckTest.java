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
import io.nats.client.impl.NatsJetStreamMetaData;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Acknowledgements through jnats: ack/nak/wpi/term/double-ack, ack policies, redelivery and max_deliver. */
class AckTest extends JetStreamTestSupport {

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        createStream("A", StorageType.Memory, "a.>");
    }

    private JetStreamSubscription pull(String durable, ConsumerConfiguration.Builder b) throws Exception {
        jsm.addOrUpdateConsumer("A", b.durable(durable).build());
        return js.subscribe(null, PullSubscribeOptions.bind("A", durable));
    }

    private void publish(int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            js.publish("a.x", ("m" + i).getBytes());
        }
    }

    @Test
    void nakRedeliversAndCountsDeliveries() throws Exception {
        publish(1);
        JetStreamSubscription sub = pull("n", ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit));
        Message m = sub.fetch(1, Duration.ofSeconds(1)).get(0);
        assertThat(m.metaData().deliveredCount()).isEqualTo(1);
        m.nak();
        Message again = sub.fetch(1, Duration.ofSeconds(1)).get(0);
        assertThat(again.metaData().deliveredCount()).isEqualTo(2);
        assertThat(again.metaData().streamSequence()).isEqualTo(1);
        assertThat(again.metaData().consumerSequence()).isEqualTo(2);
        ConsumerInfo ci = jsm.getConsumerInfo("A", "n");
        assertThat(ci.getRedelivered()).isEqualTo(1);
        assertThat(ci.getNumAckPending()).isEqualTo(1);
        again.nakWithDelay(Duration.ofMillis(400));
        long t0 = System.nanoTime();
        Message third = sub.fetch(1, Duration.ofSeconds(2)).get(0);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(third.metaData().deliveredCount()).isEqualTo(3);
        third.ackSync(Duration.ofSeconds(1));
        ci = jsm.getConsumerInfo("A", "n");
        assertThat(ci.getNumAckPending()).isZero();
        assertThat(ci.getRedelivered()).isZero();
        assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(1);
        assertThat(ci.getAckFloor().getConsumerSequence()).isEqualTo(3);
    }

    @Test
    void ackWaitRedeliveryTimingAndProgress() throws Exception {
        publish(2);
        JetStreamSubscription sub = pull(
                "w",
                ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofMillis(400)));
        List<Message> msgs = sub.fetch(2, Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        msgs.get(0).ack();
        // keep the second one alive with +WPI past its first ack wait
        Thread.sleep(250);
        msgs.get(1).inProgress();
        Thread.sleep(250);
        assertThat(sub.fetch(1, Duration.ofMillis(100))).isEmpty();
        Message re = sub.fetch(1, Duration.ofSeconds(2)).get(0);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(waited).isBetween(600L, 1500L);
        assertThat(re.metaData().streamSequence()).isEqualTo(2);
        assertThat(re.metaData().deliveredCount()).isEqualTo(2);
        re.ack();
    }

    @Test
    void termStopsRedeliveryAndPublishesAdvisory() throws Exception {
        publish(1);
        Subscription adv = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.A.t");
        JetStreamSubscription sub = pull(
                "t",
                ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofMillis(300)));
        Message m = sub.fetch(1, Duration.ofSeconds(1)).get(0);
        m.term();
        Message a = adv.nextMessage(Duration.ofSeconds(1));
        assertThat(new String(a.getData()))
                .contains("\"type\":\"io.nats.jetstream.advisory.v1.terminated\"")
                .contains("\"stream_seq\":1");
        assertThat(sub.fetch(1, Duration.ofMillis(700))).isEmpty();
        assertThat(jsm.getConsumerInfo("A", "t").getNumAckPending()).isZero();
    }

    @Test
    void ackAllAcknowledgesEverythingBelow() throws Exception {
        publish(5);
        JetStreamSubscription sub = pull("all", ConsumerConfiguration.builder().ackPolicy(AckPolicy.All));
        List<Message> msgs = sub.fetch(5, Duration.ofSeconds(1));
        assertThat(jsm.getConsumerInfo("A", "all").getNumAckPending()).isEqualTo(5);
        msgs.get(3).ackSync(Duration.ofSeconds(1));
        ConsumerInfo ci = jsm.getConsumerInfo("A", "all");
        assertThat(ci.getNumAckPending()).isEqualTo(1);
        assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(4);
    }

    @Test
    void ackNoneNeedsNoAcks() throws Exception {
        publish(3);
        JetStreamSubscription sub = pull("none", ConsumerConfiguration.builder().ackPolicy(AckPolicy.None));
        assertThat(sub.fetch(3, Duration.ofSeconds(1))).hasSize(3);
        ConsumerInfo ci = jsm.getConsumerInfo("A", "none");
        assertThat(ci.getNumAckPending()).isZero();
        assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(3);
        assertThat(ci.getDelivered().getConsumerSequence()).isEqualTo(3);
    }

    @Test
    void maxDeliverAdvisoryRepublishedToDeadLetterStream() throws Exception {
        jsm.addStream(StreamConfiguration.builder()
                .name("DLQ")
                .subjects("dlq.>")
                .storageType(StorageType.Memory)
                .build());
        Subscription adv = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.A.md");
        publish(2);
        JetStreamSubscription sub = pull(
                "md",
                ConsumerConfiguration.builder()
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(Duration.ofMillis(300))
                        .maxDeliver(2));
        List<Message> first = sub.fetch(2, Duration.ofSeconds(1));
        first.get(1).ack();
        Message second = sub.fetch(1, Duration.ofSeconds(2)).get(0);
        assertThat(second.metaData().deliveredCount()).isEqualTo(2);
        Message a = adv.nextMessage(Duration.ofSeconds(2));
        assertThat(a).isNotNull();
        String json = new String(a.getData());
        assertThat(json)
                .contains("\"type\":\"io.nats.jetstream.advisory.v1.max_deliver\"")
                .contains("\"stream\":\"A\"")
                .contains("\"consumer\":\"md\"")
                .contains("\"stream_seq\":1")
                .contains("\"deliveries\":2");
        // the application routes the dead letter: look it up and republish into the DLQ stream
        long seq = Long.parseLong(json.replaceAll(".*\"stream_seq\":(\\d+).*", "$1"));
        var dead = jsm.getMessage("A", seq);
        js.publish("dlq.A", dead.getData());
        assertThat(jsm.getStreamInfo("DLQ").getStreamState().getMsgCount()).isEqualTo(1);
        assertThat(new String(jsm.getMessage("DLQ", 1).getData())).isEqualTo("m1");
        assertThat(sub.fetch(1, Duration.ofMillis(600))).isEmpty();
        ConsumerInfo ci = jsm.getConsumerInfo("A", "md");
        assertThat(ci.getNumAckPending()).isZero();
    }

    @Test
    void nakOfLastAllowedDeliveryEndsRedeliveryWithAdvisory() throws Exception {
        publish(1);
        Subscription adv = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.A.nk");
        JetStreamSubscription sub = pull(
                "nk",
                ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).maxDeliver(2));
        for (int i = 1; i <= 2; i++) {
            Message m = sub.fetch(1, Duration.ofSeconds(1)).get(0);
            assertThat(m.metaData().deliveredCount()).isEqualTo(i);
            m.nak();
        }
        assertThat(sub.fetch(1, Duration.ofMillis(500))).isEmpty();
        String json = new String(adv.nextMessage(Duration.ofSeconds(1)).getData());
        assertThat(json).contains("\"stream_seq\":1").contains("\"deliveries\":2");
        assertThat(adv.nextMessage(Duration.ofMillis(300))).isNull();
        ConsumerInfo ci = jsm.getConsumerInfo("A", "nk");
        assertThat(ci.getNumAckPending()).isZero();
    }

    @Test
    void backoffOverridesAckWait() throws Exception {
        publish(1);
        JetStreamSubscription sub = pull(
                "b",
                ConsumerConfiguration.builder()
                        .ackPolicy(AckPolicy.Explicit)
                        .backoff(Duration.ofMillis(200), Duration.ofMillis(600))
                        .maxDeliver(3));
        sub.fetch(1, Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        sub.fetch(1, Duration.ofSeconds(2)).get(0);
        long first = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        Message m = sub.fetch(1, Duration.ofSeconds(2)).get(0);
        long second = (System.nanoTime() - t0) / 1_000_000;
        assertThat(first).isLessThan(450);
        assertThat(second).isGreaterThanOrEqualTo(500);
        assertThat(m.metaData().deliveredCount()).isEqualTo(3);
    }

    @Test
    void ackReplySubjectCarriesMetadata() throws Exception {
        publish(3);
        JetStreamSubscription sub = pull("meta", ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit));
        Message m = sub.fetch(1, Duration.ofSeconds(1)).get(0);
        assertThat(m.getReplyTo()).startsWith("$JS.ACK.A.meta.1.1.1.");
        NatsJetStreamMetaData md = m.metaData();
        assertThat(md.getStream()).isEqualTo("A");
        assertThat(md.getConsumer()).isEqualTo("meta");
        assertThat(md.pendingCount()).isEqualTo(2);
        assertThat(md.timestamp()).isNotNull();
        assertThat(m.getSubject()).isEqualTo("a.x");
    }
}
