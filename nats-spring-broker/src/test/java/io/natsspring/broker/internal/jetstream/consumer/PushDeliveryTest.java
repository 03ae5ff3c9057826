package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Dispatcher;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Push delivery through jnats: subscriptions, queue groups, deliver policies, flow control, heartbeats. */
class PushDeliveryTest extends JetStreamTestSupport {

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        createStream("P", StorageType.Memory, "p.>");
    }

    private void publish(String subject, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            js.publish(subject, ("m" + i).getBytes());
        }
    }

    private static List<String> drain(JetStreamSubscription sub, int n) throws Exception {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Message m = sub.nextMessage(Duration.ofSeconds(2));
            assertThat(m).as("message " + i).isNotNull();
            out.add(new String(m.getData()));
            m.ack();
        }
        return out;
    }

    @Test
    void durablePushSubscriptionBindsAndReportsPushBound() throws Exception {
        publish("p.a", 1, 3);
        JetStreamSubscription sub = js.subscribe(
                "p.a",
                PushSubscribeOptions.builder()
                        .durable("pd")
                        .configuration(ConsumerConfiguration.builder()
                                .ackPolicy(AckPolicy.Explicit)
                                .build())
                        .build());
        assertThat(drain(sub, 3)).containsExactly("m1", "m2", "m3");
        publish("p.a", 4, 4);
        assertThat(drain(sub, 1)).containsExactly("m4");
        await().atMost(2, TimeUnit.SECONDS).untilAsserted(() -> {
            ConsumerInfo ci = jsm.getConsumerInfo("P", "pd");
            assertThat(ci.isPushBound()).isTrue();
            assertThat(ci.getNumAckPending()).isZero();
        });
        sub.unsubscribe();
        await().atMost(2, TimeUnit.SECONDS)
                .until(() -> !jsm.getConsumerInfo("P", "pd").isPushBound());
        // a durable survives its subscriber and resumes where it stopped
        publish("p.a", 5, 5);
        JetStreamSubscription again =
                js.subscribe("p.a", PushSubscribeOptions.builder().durable("pd").build());
        assertThat(drain(again, 1)).containsExactly("m5");
    }

    @Test
    void deliverPolicies() throws Exception {
        publish("p.a", 1, 3);
        publish("p.b", 4, 5);
        ZonedDateTime mid = ZonedDateTime.now();
        Thread.sleep(20);
        publish("p.a", 6, 6);
        assertThat(drain(
                        js.subscribe(
                                "p.>",
                                PushSubscribeOptions.builder()
                                        .configuration(ConsumerConfiguration.builder()
                                                .deliverPolicy(DeliverPolicy.Last)
                                                .build())
                                        .build()),
                        1))
                .containsExactly("m6");
        assertThat(drain(
                        js.subscribe(
                                "p.b",
                                PushSubscribeOptions.builder()
                                        .configuration(ConsumerConfiguration.builder()
                                                .deliverPolicy(DeliverPolicy.Last)
                                                .build())
                                        .build()),
                        1))
                .containsExactly("m5");
        assertThat(drain(
                        js.subscribe(
                                "p.>",
                                PushSubscribeOptions.builder()
                                        .configuration(ConsumerConfiguration.builder()
                                                .deliverPolicy(DeliverPolicy.ByStartSequence)
                                                .startSequence(5)
                                                .build())
                                        .build()),
                        2))
                .containsExactly("m5", "m6");
        assertThat(drain(
                        js.subscribe(
                                "p.>",
                                PushSubscribeOptions.builder()
                                        .configuration(ConsumerConfiguration.builder()
                                                .deliverPolicy(DeliverPolicy.ByStartTime)
                                                .startTime(mid)
                                                .build())
                                        .build()),
                        1))
                .containsExactly("m6");
        assertThat(drain(
                        js.subscribe(
                                "p.>",
                                PushSubscribeOptions.builder()
                                        .configuration(ConsumerConfiguration.builder()
                                                .deliverPolicy(DeliverPolicy.LastPerSubject)
                                                .build())
                                        .build()),
                        2))
                .containsExactly("m5", "m6");
        JetStreamSubscription fresh = js.subscribe(
                "p.>",
                PushSubscribeOptions.builder()
                        .configuration(ConsumerConfiguration.builder()
                                .deliverPolicy(DeliverPolicy.New)
                                .build())
                        .build());
        assertThat(fresh.nextMessage(Duration.ofMillis(200))).isNull();
        publish("p.c", 7, 7);
        assertThat(drain(fresh, 1)).containsExactly("m7");
        JetStreamSubscription multi = js.subscribe(
                null,
                PushSubscribeOptions.builder().stream("P")
                        .configuration(ConsumerConfiguration.builder()
                                .filterSubjects("p.b", "p.c")
                                .build())
                        .build());
        assertThat(drain(multi, 3)).containsExactly("m4", "m5", "m7");
    }

    @Test
    void queueGroupSharesMessages() throws Exception {
        AtomicInteger one = new AtomicInteger();
        AtomicInteger two = new AtomicInteger();
        Dispatcher d = nc.createDispatcher();
        PushSubscribeOptions opts =
                PushSubscribeOptions.builder().durable("workers").build();
        js.subscribe("p.q", "workers", d, m -> one.incrementAndGet(), true, opts);
        js.subscribe("p.q", "workers", d, m -> two.incrementAndGet(), true, opts);
        publish("p.q", 1, 40);
        await().atMost(3, TimeUnit.SECONDS).until(() -> one.get() + two.get() == 40);
        Thread.sleep(100);
        assertThat(one.get() + two.get()).isEqualTo(40);
        assertThat(jsm.getConsumerInfo("P", "workers")
                        .getConsumerConfiguration()
                        .getDeliverGroup())
                .isEqualTo("workers");
    }

    @Test
    void idleHeartbeatsAndFlowControl() throws Exception {
        jsm.addOrUpdateConsumer(
                "P",
                ConsumerConfiguration.builder()
                        .durable("fc")
                        .deliverSubject("deliver.fc")
                        .idleHeartbeat(Duration.ofMillis(200))
                        .flowControl(Duration.ofMillis(200))
                        .build());
        Subscription raw = nc.subscribe("deliver.fc");
        Message hb = raw.nextMessage(Duration.ofSeconds(1));
        assertThat(hb.getStatus().getCode()).isEqualTo(100);
        assertThat(hb.getStatus().getMessage()).isEqualTo("Idle Heartbeat");
        assertThat(hb.getHeaders().getFirst("Nats-Last-Consumer")).isEqualTo("0");
        byte[] big = new byte[64 * 1024];
        for (int i = 0; i < 12; i++) {
            js.publish("p.big", big);
        }
        int data = 0;
        String fcReply = null;
        while (data < 12) {
            Message m = raw.nextMessage(Duration.ofSeconds(1));
            assertThat(m).as("after " + data + " messages").isNotNull();
            if (m.getStatus() != null && m.getStatus().getMessage().equals("FlowControl Request")) {
                fcReply = m.getReplyTo();
                nc.publish(fcReply, null);
            } else if (m.getStatus() == null) {
                data++;
            }
        }
        assertThat(fcReply).startsWith("$JS.FC.P.fc.");
    }

    @Test
    void replayOriginalKeepsThePace() throws Exception {
        js.publish("p.r", "a".getBytes());
        Thread.sleep(300);
        js.publish("p.r", "b".getBytes());
        JetStreamSubscription sub = js.subscribe(
                "p.r",
                PushSubscribeOptions.builder()
                        .configuration(ConsumerConfiguration.builder()
                                .replayPolicy(ReplayPolicy.Original)
                                .build())
                        .build());
        long t0 = System.nanoTime();
        sub.nextMessage(Duration.ofSeconds(1));
        sub.nextMessage(Duration.ofSeconds(2));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250);
    }

    @Test
    void ephemeralPushConsumerGoesAwayWithItsSubscriber() throws Exception {
        JetStreamSubscription sub = js.subscribe(
                "p.e",
                PushSubscribeOptions.builder()
                        .configuration(ConsumerConfiguration.builder()
                                .inactiveThreshold(Duration.ofMillis(300))
                                .build())
                        .build());
        String name = sub.getConsumerInfo().getName();
        assertThat(jsm.getConsumerNames("P")).contains(name);
        sub.unsubscribe();
        await().atMost(3, TimeUnit.SECONDS)
                .until(() -> !jsm.getConsumerNames("P").contains(name));
    }
}
