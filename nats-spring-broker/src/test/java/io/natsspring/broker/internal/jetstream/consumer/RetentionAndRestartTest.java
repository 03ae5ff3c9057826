package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Interest and work-queue retention driven by acks, and durable consumer state across restarts. */
class RetentionAndRestartTest extends JetStreamTestSupport {

    private long messages(String stream) throws Exception {
        return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
    }

    @Test
    void interestRetentionKeepsMessagesUntilEveryConsumerAcked() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("I")
                .subjects("i.>")
                .storageType(StorageType.Memory)
                .retentionPolicy(RetentionPolicy.Interest)
                .build());
        js.publish("i.a", "dropped".getBytes());
        assertThat(messages("I")).isZero();
        jsm.addOrUpdateConsumer(
                "I",
                ConsumerConfiguration.builder()
                        .durable("c1")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        jsm.addOrUpdateConsumer(
                "I",
                ConsumerConfiguration.builder()
                        .durable("c2")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        for (int i = 0; i < 3; i++) {
            js.publish("i.a", ("m" + i).getBytes());
        }
        JetStreamSubscription s1 = js.subscribe(null, PullSubscribeOptions.bind("I", "c1"));
        JetStreamSubscription s2 = js.subscribe(null, PullSubscribeOptions.bind("I", "c2"));
        for (Message m : s1.fetch(3, Duration.ofSeconds(1))) {
            m.ackSync(Duration.ofSeconds(1));
        }
        assertThat(messages("I")).isEqualTo(3);
        List<Message> two = s2.fetch(3, Duration.ofSeconds(1));
        two.get(0).ackSync(Duration.ofSeconds(1));
        await().atMost(1, TimeUnit.SECONDS).until(() -> messages("I") == 2);
        jsm.deleteConsumer("I", "c2");
        await().atMost(1, TimeUnit.SECONDS).until(() -> messages("I") == 0);
    }

    @Test
    void workQueueRemovesOnFirstAck() throws Exception {
        startAndConnect();
        jsm.addStream(StreamConfiguration.builder()
                .name("W")
                .subjects("w.>")
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .build());
        jsm.addOrUpdateConsumer(
                "W",
                ConsumerConfiguration.builder()
                        .durable("worker")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        for (int i = 0; i < 4; i++) {
            js.publish("w.job", ("j" + i).getBytes());
        }
        JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("W", "worker"));
        List<Message> jobs = sub.fetch(4, Duration.ofSeconds(1));
        jobs.get(0).ackSync(Duration.ofSeconds(1));
        jobs.get(2).ackSync(Duration.ofSeconds(1));
        await().atMost(1, TimeUnit.SECONDS).until(() -> messages("W") == 2);
        apiError(
                10099,
                () -> jsm.addOrUpdateConsumer(
                        "W",
                        ConsumerConfiguration.builder()
                                .durable("other")
                                .ackPolicy(AckPolicy.Explicit)
                                .build()));
    }

    @Test
    void durableStateSurvivesRestart() throws Exception {
        NatsBroker b1 = startBroker(BrokerOptions.builder());
        Connection c1 = connect(b1);
        JetStreamManagement m1 = c1.jetStreamManagement();
        JetStream j1 = c1.jetStream();
        m1.addStream(StreamConfiguration.builder()
                .name("R")
                .subjects("r.>")
                .storageType(StorageType.File)
                .build());
        m1.addOrUpdateConsumer(
                "R",
                ConsumerConfiguration.builder()
                        .durable("d")
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(Duration.ofMillis(500))
                        .build());
        for (int i = 1; i <= 6; i++) {
            j1.publish("r.x", ("m" + i).getBytes());
        }
        JetStreamSubscription sub = j1.subscribe(null, PullSubscribeOptions.bind("R", "d"));
        List<Message> got = sub.fetch(4, Duration.ofSeconds(1));
        got.get(0).ackSync(Duration.ofSeconds(1));
        got.get(1).ackSync(Duration.ofSeconds(1));
        got.get(3).ackSync(Duration.ofSeconds(1));
        // message 3 delivered, never acked
        c1.close();
        b1.close();

        NatsBroker b2 = startBroker(BrokerOptions.builder());
        Connection c2 = connect(b2);
        ConsumerInfo ci = c2.jetStreamManagement().getConsumerInfo("R", "d");
        assertThat(ci.getDelivered().getStreamSequence()).isEqualTo(4);
        assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(2);
        assertThat(ci.getNumAckPending()).isEqualTo(1);
        assertThat(ci.getNumPending()).isEqualTo(2);
        JetStreamSubscription again = c2.jetStream().subscribe(null, PullSubscribeOptions.bind("R", "d"));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6 && seen.size() < 3; i++) {
            for (Message m : again.fetch(3, Duration.ofMillis(700))) {
                seen.add(new String(m.getData()));
                m.ack();
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("m3", "m5", "m6");
    }
}
