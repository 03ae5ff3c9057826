package io.natsspring.broker.internal.leaf;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Helpers for leaf-node tests: connections and "publish until the other side's interest has arrived". */
final class LeafLinks {

    private LeafLinks() {}

    static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(200))
                .build());
    }

    static Connection connect(int port) throws Exception {
        return connect("nats://127.0.0.1:" + port);
    }

    /**
     * Publishes on {@code subject} from {@code publisher} until {@code sub} receives one (interest crosses a link
     * asynchronously), and returns the first message received.
     */
    static Message publishUntilReceived(Connection publisher, String subject, Headers headers, Subscription sub)
            throws Exception {
        publisher.flush(Duration.ofSeconds(2));
        AtomicReference<Message> got = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    publisher.publish(subject, headers, "hello".getBytes(StandardCharsets.UTF_8));
                    publisher.flush(Duration.ofSeconds(2));
                    Message m = sub.nextMessage(Duration.ofMillis(200));
                    if (m != null) {
                        got.set(m);
                        return true;
                    }
                    return false;
                });
        return got.get();
    }

    /** Sends requests until one gets an answer (the responder's interest crosses asynchronously). */
    static Message requestUntilAnswered(Connection requester, String subject) {
        AtomicReference<Message> got = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    Message m =
                            requester.request(subject, "ping".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(500));
                    if (m != null && !m.isStatusMessage()) {
                        got.set(m);
                        return true;
                    }
                    return false;
                });
        return got.get();
    }

    /** Drains what {@code sub} still holds within {@code wait}; returns how many messages. */
    static int drain(Subscription sub, Duration wait) throws InterruptedException {
        int n = 0;
        while (sub.nextMessage(wait) != null) {
            n++;
        }
        return n;
    }
}
