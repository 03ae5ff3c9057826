package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CorePubSubTest extends BrokerTestSupport {

    @Test
    void publishesToExactSubscriber() throws Exception {
        NatsBroker broker = startBroker();
        Connection sub = connect(broker);
        Connection pub = connect(broker);
        Subscription s = sub.subscribe("orders.created");
        sub.flush(WAIT);
        pub.publish("orders.created", bytes("hello"));
        pub.publish("orders.other", bytes("no"));
        pub.publish("orders.created", bytes("end"));
        Message m = s.nextMessage(WAIT);
        assertThat(m).isNotNull();
        assertThat(m.getSubject()).isEqualTo("orders.created");
        assertThat(text(m)).isEqualTo("hello");
        assertThat(text(s.nextMessage(WAIT))).isEqualTo("end");
    }

    /** Publishes each subject, then a sentinel every pattern matches; returns what {@code pattern} received. */
    private List<String> received(Connection pub, Connection subConn, String pattern, String... subjects)
            throws Exception {
        Subscription s = subConn.subscribe(pattern);
        subConn.flush(WAIT);
        for (String subject : subjects) {
            pub.publish(subject, bytes(subject));
        }
        pub.publish("w.end.x", bytes("end"));
        List<String> got = new ArrayList<>();
        while (true) {
            Message m = s.nextMessage(WAIT);
            assertThat(m).as("sentinel for " + pattern).isNotNull();
            if (m.getSubject().equals("w.end.x")) {
                s.unsubscribe();
                return got;
            }
            got.add(m.getSubject());
        }
    }

    @Test
    void wildcardsMatchLikeNatsServer() throws Exception {
        NatsBroker broker = startBroker();
        Connection pub = connect(broker);
        Connection sub = connect(broker);
        String[] subjects = {"w", "w.a", "w.a.b", "w.b", "w.a.b.c", "x.a", "w.ab"};

        // the sentinel w.end.x must match every pattern below
        assertThat(received(pub, sub, "w.*.*", subjects)).containsExactly("w.a.b");
        assertThat(received(pub, sub, "w.>", subjects)).containsExactly("w.a", "w.a.b", "w.b", "w.a.b.c", "w.ab");
        assertThat(received(pub, sub, ">", subjects)).containsExactly(subjects);
        assertThat(received(pub, sub, "*.*.*", subjects)).containsExactly("w.a.b");
        assertThat(received(pub, sub, "w.*.>", subjects)).containsExactly("w.a.b", "w.a.b.c");
        assertThat(received(pub, sub, "*.end.x", subjects)).isEmpty();

        // foo.* matches exactly one more token: not foo, not foo.a.b
        Subscription star = sub.subscribe("foo.*");
        Subscription exact = sub.subscribe("foo");
        sub.flush(WAIT);
        pub.publish("foo", bytes("0"));
        pub.publish("foo.a.b", bytes("2"));
        pub.publish("foo.a", bytes("1"));
        assertThat(text(star.nextMessage(WAIT))).isEqualTo("1");
        assertThat(text(exact.nextMessage(WAIT))).isEqualTo("0");
        pub.flush(WAIT);
        sub.flush(WAIT);
        assertThat(star.getPendingMessageCount()).isZero();
        assertThat(exact.getPendingMessageCount()).isZero();
    }

    @Test
    void queueGroupDeliversEachMessageOnceAcrossMembersAndAllToPlainSubscribers() throws Exception {
        NatsBroker broker = startBroker();
        Connection c1 = connect(broker);
        Connection c2 = connect(broker);
        Connection pub = connect(broker);
        int n = 300;

        List<Queue<String>> members = new ArrayList<>();
        for (Connection c : List.of(c1, c1, c2, c2)) {
            Queue<String> q = new ConcurrentLinkedQueue<>();
            members.add(q);
            Dispatcher d = c.createDispatcher(m -> q.add(text(m)));
            d.subscribe("jobs.*", "workers");
        }
        Queue<String> plain1 = new ConcurrentLinkedQueue<>();
        Queue<String> plain2 = new ConcurrentLinkedQueue<>();
        c1.createDispatcher(m -> plain1.add(text(m))).subscribe("jobs.>");
        c2.createDispatcher(m -> plain2.add(text(m))).subscribe("jobs.new");
        c1.flush(WAIT);
        c2.flush(WAIT);

        for (int i = 0; i < n; i++) {
            pub.publish("jobs.new", bytes(Integer.toString(i)));
        }
        pub.flush(WAIT);

        await().atMost(WAIT)
                .until(() ->
                        members.stream().mapToInt(Queue::size).sum() >= n && plain1.size() >= n && plain2.size() >= n);
        c1.flush(WAIT);
        c2.flush(WAIT);

        List<String> all = new ArrayList<>();
        members.forEach(all::addAll);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(members)
                .allSatisfy(q -> assertThat(q).as("every member gets a share").isNotEmpty());
        assertThat(plain1).containsExactlyElementsOf(expected);
        assertThat(plain2).containsExactlyElementsOf(expected);
    }

    @Test
    void headersRoundTripWithMultipleValues() throws Exception {
        NatsBroker broker = startBroker();
        Connection sub = connect(broker);
        Connection pub = connect(broker);
        Subscription s = sub.subscribe("h.test");
        sub.flush(WAIT);

        Headers h = new Headers();
        h.add("X-Multi", "one", "two", "three");
        h.put("X-Single", "v");
        pub.publish(NatsMessage.builder()
                .subject("h.test")
                .headers(h)
                .data(bytes("body"))
                .build());
        pub.publish(NatsMessage.builder()
                .subject("h.test")
                .headers(new Headers().put("Only", "header"))
                .build());

        Message m = s.nextMessage(WAIT);
        assertThat(m).isNotNull();
        assertThat(m.hasHeaders()).isTrue();
        assertThat(m.getHeaders().get("X-Multi")).containsExactly("one", "two", "three");
        assertThat(m.getHeaders().getFirst("X-Single")).isEqualTo("v");
        assertThat(text(m)).isEqualTo("body");

        Message empty = s.nextMessage(WAIT);
        assertThat(empty).isNotNull();
        assertThat(empty.getHeaders().getFirst("Only")).isEqualTo("header");
        assertThat(empty.getData()).isEmpty();
    }

    @Test
    void clientWithoutHeadersGetsPayloadOnly() throws Exception {
        NatsBroker broker = startBroker();
        RawClient plain = raw(broker).handshake("{\"verbose\":false,\"headers\":false}");
        plain.send("SUB hdr.x 7\r\nPING\r\n").expect("PONG");
        RawClient withHeaders = raw(broker).handshake("{\"verbose\":false,\"headers\":true}");
        withHeaders.send("SUB hdr.x 9\r\nPING\r\n").expect("PONG");

        Connection pub = connect(broker);
        pub.publish(NatsMessage.builder()
                .subject("hdr.x")
                .headers(new Headers().put("K", "V"))
                .data(bytes("payload"))
                .build());
        pub.flush(WAIT);

        plain.expect("MSG hdr.x 7 7").expect("payload");
        String hmsg = withHeaders.readLine();
        assertThat(hmsg).startsWith("HMSG hdr.x 9 ");
        String[] parts = hmsg.split(" ");
        int hdrLen = Integer.parseInt(parts[3]);
        int total = Integer.parseInt(parts[4]);
        assertThat(total - hdrLen).isEqualTo(7);
        String block = new String(withHeaders.readBytes(total + 2), java.nio.charset.StandardCharsets.UTF_8);
        // header block passed through untouched (jnats writes "K:V"), then the payload
        assertThat(block).matches("NATS/1\\.0\r\nK: ?V\r\n\r\npayload\r\n");
    }

    @Test
    void autoUnsubscribeAfterMaxOnSubscription() throws Exception {
        NatsBroker broker = startBroker();
        Connection sub = connect(broker);
        Connection pub = connect(broker);
        int before = broker.subscriptionCount();
        Subscription s = sub.subscribe("auto.sub");
        s.unsubscribe(3);
        sub.flush(WAIT);
        for (int i = 0; i < 6; i++) {
            pub.publish("auto.sub", bytes("m" + i));
        }
        pub.flush(WAIT);
        for (int i = 0; i < 3; i++) {
            assertThat(text(s.nextMessage(WAIT))).isEqualTo("m" + i);
        }
        await().atMost(WAIT).until(() -> broker.subscriptionCount() == before);
        assertThat(s.isActive()).isFalse();
    }

    @Test
    void autoUnsubscribeAfterMaxOnDispatcher() throws Exception {
        NatsBroker broker = startBroker();
        Connection sub = connect(broker);
        Connection pub = connect(broker);
        int before = broker.subscriptionCount();
        AtomicInteger got = new AtomicInteger();
        Dispatcher d = sub.createDispatcher();
        Subscription s = d.subscribe("auto.disp", m -> got.incrementAndGet());
        d.unsubscribe(s, 2);
        sub.flush(WAIT);
        for (int i = 0; i < 5; i++) {
            pub.publish("auto.disp", bytes("x"));
        }
        pub.flush(WAIT);
        await().atMost(WAIT).until(() -> got.get() == 2 && broker.subscriptionCount() == before);
        sub.flush(WAIT);
        assertThat(got).hasValue(2);
    }

    @Test
    void brokerEnforcesAutoUnsubscribeLimitItself() throws Exception {
        NatsBroker broker = startBroker();
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send("SUB lim 1\r\nUNSUB 1 2\r\nPUB lim 1\r\na\r\nPUB lim 1\r\nb\r\nPUB lim 1\r\nc\r\nPING\r\n");
        c.expect("MSG lim 1 1").expect("a").expect("MSG lim 1 1").expect("b").expect("PONG");
        // UNSUB with a max already reached removes at once
        c.send("SUB lim 2\r\nPUB lim 1\r\nd\r\nUNSUB 2 1\r\nPUB lim 1\r\ne\r\nPING\r\n");
        c.expect("MSG lim 2 1").expect("d").expect("PONG");
        assertThat(broker.subscriptionCount()).isZero();
    }

    @Test
    void drainDeliversMessagesInFlightThenCloses() throws Exception {
        NatsBroker broker = startBroker();
        Connection sub = connect(broker);
        Connection pub = connect(broker);
        AtomicInteger handled = new AtomicInteger();
        Dispatcher d = sub.createDispatcher(m -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.incrementAndGet();
        });
        d.subscribe("drain.me");
        sub.flush(WAIT);
        for (int i = 0; i < 100; i++) {
            pub.publish("drain.me", bytes("x"));
        }
        pub.flush(WAIT);
        assertThat(handled.get()).as("handler still busy when drain starts").isLessThan(100);
        CompletableFuture<Boolean> drained = sub.drain(Duration.ofSeconds(5));
        assertThat(drained.get(6, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).hasValue(100);
        assertThat(sub.getStatus()).isEqualTo(Connection.Status.CLOSED);
        await().atMost(WAIT).until(() -> broker.connectionCount() == 1);
    }

    @Test
    void flushAndRttRoundTrip() throws Exception {
        NatsBroker broker = startBroker();
        Connection c = connect(broker);
        c.flush(WAIT);
        Duration rtt = c.RTT();
        assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void maxPayloadFromInfoIsHonouredByClient() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder().maxPayload(2048));
        Connection c = connect(broker);
        assertThat(c.getMaxPayload()).isEqualTo(2048);
        Subscription s = c.subscribe("big");
        c.publish("big", new byte[2048]);
        assertThat(s.nextMessage(WAIT).getData()).hasSize(2048);
        assertThatThrownBy(() -> c.publish("big", new byte[2049])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noEchoSuppressesOwnMessagesOnly() throws Exception {
        NatsBroker broker = startBroker();
        Connection quiet = connect(options(broker).noEcho());
        Connection loud = connect(broker);
        Subscription quietSub = quiet.subscribe("echo.t");
        Subscription loudSub = loud.subscribe("echo.t");
        quiet.flush(WAIT);
        loud.flush(WAIT);

        quiet.publish("echo.t", bytes("from-quiet"));
        quiet.flush(WAIT);
        loud.publish("echo.t", bytes("from-loud"));
        loud.flush(WAIT);

        assertThat(text(loudSub.nextMessage(WAIT))).isEqualTo("from-quiet");
        assertThat(text(loudSub.nextMessage(WAIT))).as("echo is on by default").isEqualTo("from-loud");
        assertThat(text(quietSub.nextMessage(WAIT))).isEqualTo("from-loud");
        // jnats' pending counter can read -1 for a moment after nextMessage (its own accounting race), so the
        // absence of the echo is checked by waiting for it instead
        assertThat(quietSub.nextMessage(Duration.ofMillis(300)))
                .as("no echo of its own message")
                .isNull();
    }
}
