package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pull delivery through jnats: simplified API (fetch/next/consume/iterate) and raw MSG.NEXT status messages. */
class PullDeliveryTest extends JetStreamTestSupport {

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        createStream("S", StorageType.File, "s.>");
    }

    private void publish(int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            js.publish("s." + (i % 2 == 0 ? "even" : "odd"), ("m" + i).getBytes());
        }
    }

    @Test
    void fetchNextConsumeIterate() throws Exception {
        publish(20);
        jsm.addOrUpdateConsumer(
                "S",
                ConsumerConfiguration.builder()
                        .durable("d")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        ConsumerContext cc = nc.getStreamContext("S").getConsumerContext("d");

        List<String> got = new ArrayList<>();
        try (FetchConsumer fc = cc.fetch(
                FetchConsumeOptions.builder().maxMessages(5).expiresIn(1000).build())) {
            Message m;
            while ((m = fc.nextMessage()) != null) {
                got.add(new String(m.getData()));
                m.ack();
            }
        }
        assertThat(got).containsExactly("m1", "m2", "m3", "m4", "m5");
        Message next = cc.next(Duration.ofSeconds(1));
        assertThat(new String(next.getData())).isEqualTo("m6");
        assertThat(next.metaData().streamSequence()).isEqualTo(6);
        assertThat(next.metaData().consumerSequence()).isEqualTo(6);
        assertThat(next.metaData().pendingCount()).isEqualTo(14);
        next.ack();

        List<String> consumed = new CopyOnWriteArrayList<>();
        try (MessageConsumer mc = cc.consume(m -> {
            consumed.add(new String(m.getData()));
            m.ack();
        })) {
            await().atMost(5, TimeUnit.SECONDS).until(() -> consumed.size() == 14);
            mc.stop();
        }
        assertThat(consumed.get(0)).isEqualTo("m7");
        assertThat(consumed.get(13)).isEqualTo("m20");
        await().atMost(2, TimeUnit.SECONDS).until(() -> cc.getConsumerInfo().getNumAckPending() == 0);

        try (IterableConsumer it = cc.iterate()) {
            publish(3);
            for (int i = 1; i <= 3; i++) {
                Message m = it.nextMessage(2000);
                assertThat(m).isNotNull();
                assertThat(new String(m.getData())).isEqualTo("m" + i);
                assertThat(m.metaData().streamSequence()).isEqualTo(20 + i);
                m.ack();
            }
        }
        await().atMost(2, TimeUnit.SECONDS).untilAsserted(() -> {
            ConsumerInfo ci = cc.getConsumerInfo();
            assertThat(ci.getNumPending()).isZero();
            assertThat(ci.getNumAckPending()).isZero();
            assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(23);
            assertThat(ci.getDelivered().getStreamSequence()).isEqualTo(23);
            assertThat(ci.getDelivered().getConsumerSequence()).isEqualTo(23);
        });
    }

    @Test
    void legacyPullSubscriptionWithFilter() throws Exception {
        publish(10);
        JetStreamSubscription sub = js.subscribe(
                "s.even", PullSubscribeOptions.builder().durable("evens").build());
        List<Message> msgs = sub.fetch(10, Duration.ofMillis(500));
        assertThat(msgs).extracting(m -> new String(m.getData())).containsExactly("m2", "m4", "m6", "m8", "m10");
        msgs.forEach(Message::ack);
        sub.unsubscribe();
    }

    private Message request(String consumer, String body) throws Exception {
        return nc.request(
                "$JS.API.CONSUMER.MSG.NEXT.S." + consumer,
                body.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(2));
    }

    private static String status(Message m) {
        return m.getStatus() == null
                ? null
                : m.getStatus().getCode() + " " + m.getStatus().getMessage();
    }

    @Test
    void statusMessages() throws Exception {
        jsm.addOrUpdateConsumer(
                "S",
                ConsumerConfiguration.builder()
                        .durable("p")
                        .ackPolicy(AckPolicy.Explicit)
                        .maxPullWaiting(1)
                        .maxBatch(10)
                        .build());
        assertThat(status(request("p", "{\"batch\":1,\"no_wait\":true}"))).isEqualTo("404 No Messages");
        Message timeout = request("p", "{\"batch\":3,\"expires\":100000000}");
        assertThat(status(timeout)).isEqualTo("408 Request Timeout");
        assertThat(timeout.getHeaders().getFirst("Nats-Pending-Messages")).isEqualTo("3");
        assertThat(timeout.getHeaders().getFirst("Nats-Pending-Bytes")).isEqualTo("0");
        assertThat(status(request("p", "{\"batch\":11}"))).isEqualTo("409 Exceeded MaxRequestBatch of 10");

        js.publish("s.big", new byte[2000]);
        Message tooBig = request("p", "{\"batch\":1,\"max_bytes\":100,\"expires\":1000000000}");
        assertThat(status(tooBig)).isEqualTo("409 Message Size Exceeds MaxBytes");

        // one request waits; a second exceeds max_waiting
        var sub = nc.subscribe("_INBOX.waiting");
        nc.publish(
                "$JS.API.CONSUMER.MSG.NEXT.S.p", "_INBOX.waiting", "{\"batch\":5,\"expires\":5000000000}".getBytes());
        Message first = sub.nextMessage(Duration.ofSeconds(1));
        assertThat(new String(first.getData())).hasSize(2000);
        assertThat(status(request("p", "{\"batch\":1,\"expires\":1000000000}"))).isEqualTo("409 Exceeded MaxWaiting");
        jsm.deleteConsumer("S", "p");
        assertThat(status(sub.nextMessage(Duration.ofSeconds(1)))).isEqualTo("409 Consumer Deleted");
    }

    @Test
    void deletingTheStreamReleasesWaitingPullRequests() throws Exception {
        jsm.addOrUpdateConsumer(
                "S",
                ConsumerConfiguration.builder()
                        .durable("gone")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        var advisory = nc.subscribe("$JS.EVENT.ADVISORY.CONSUMER.DELETED.S.gone");
        var sub = nc.subscribe("_INBOX.gone");
        nc.publish(
                "$JS.API.CONSUMER.MSG.NEXT.S.gone", "_INBOX.gone", "{\"batch\":5,\"expires\":5000000000}".getBytes());
        nc.flush(Duration.ofSeconds(1));
        jsm.deleteStream("S");
        assertThat(status(sub.nextMessage(Duration.ofSeconds(1)))).isEqualTo("409 Consumer Deleted");
        assertThat(new String(advisory.nextMessage(Duration.ofSeconds(1)).getData()))
                .contains("\"action\":\"delete\"");
    }

    @Test
    void noWaitEndsWithTimeoutAfterSomeMessagesAndHeartbeats() throws Exception {
        publish(2);
        jsm.addOrUpdateConsumer(
                "S",
                ConsumerConfiguration.builder()
                        .durable("p")
                        .ackPolicy(AckPolicy.None)
                        .build());
        var sub = nc.subscribe("_INBOX.nw");
        nc.publish("$JS.API.CONSUMER.MSG.NEXT.S.p", "_INBOX.nw", "{\"batch\":5,\"no_wait\":true}".getBytes());
        assertThat(new String(sub.nextMessage(Duration.ofSeconds(1)).getData())).isEqualTo("m1");
        assertThat(new String(sub.nextMessage(Duration.ofSeconds(1)).getData())).isEqualTo("m2");
        assertThat(status(sub.nextMessage(Duration.ofSeconds(1)))).isEqualTo("408 Request Timeout");

        nc.publish(
                "$JS.API.CONSUMER.MSG.NEXT.S.p",
                "_INBOX.nw",
                "{\"batch\":5,\"expires\":1000000000,\"idle_heartbeat\":200000000}".getBytes());
        Message hb = sub.nextMessage(Duration.ofSeconds(1));
        assertThat(status(hb)).isEqualTo("100 Idle Heartbeat");
        assertThat(hb.getHeaders().getFirst("Nats-Last-Consumer")).isEqualTo("2");
        assertThat(hb.getHeaders().getFirst("Nats-Last-Stream")).isEqualTo("2");
        assertThat(status(request("p", "{\"batch\":1,\"expires\":100000000,\"idle_heartbeat\":60000000}")))
                .isEqualTo("400 Bad Request - heartbeat value too large");
    }

    @Test
    void headersOnlyAndMaxAckPending() throws Exception {
        Headers h = new Headers().add("X-Test", "1");
        js.publish(NatsMessage.builder()
                .subject("s.h")
                .headers(h)
                .data(new byte[123])
                .build());
        publish(4);
        jsm.addOrUpdateConsumer(
                "S",
                ConsumerConfiguration.builder()
                        .durable("h")
                        .headersOnly(true)
                        .ackPolicy(AckPolicy.Explicit)
                        .maxAckPending(2)
                        .build());
        JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("S", "h"));
        List<Message> msgs = sub.fetch(5, Duration.ofMillis(500));
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).getData()).isEmpty();
        assertThat(msgs.get(0).getHeaders().getFirst("Nats-Msg-Size")).isEqualTo("123");
        assertThat(msgs.get(0).getHeaders().getFirst("X-Test")).isEqualTo("1");
        msgs.forEach(Message::ack);
        assertThat(sub.fetch(5, Duration.ofMillis(500))).hasSize(2);
    }
}
