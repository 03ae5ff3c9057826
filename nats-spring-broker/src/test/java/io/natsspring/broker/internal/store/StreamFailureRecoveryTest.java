package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 19, defect 1: an {@link OutOfMemoryError} in block compaction (a file stream discarding at its size
 * limit) used to stop the stream's writer for good — publishes got {@code 503 No Responders}, {@code /healthz} said
 * ok. Now the stream restarts from its store; one that keeps failing goes offline, reported by {@code /healthz},
 * {@code /jsz}, an advisory and its API errors, while every other stream keeps serving.
 */
class StreamFailureRecoveryTest extends JetStreamTestSupport {

    private static final byte[] PAYLOAD = new byte[64 * 1024];
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void clearHook() {
        BlockCompaction.testHook = null;
    }

    private void createStreams() throws Exception {
        jsm.addStream(StreamConfiguration.builder()
                .name("LIM")
                .subjects("lim.>")
                .storageType(StorageType.File)
                .maxBytes(10L * 1024 * 1024)
                .discardPolicy(DiscardPolicy.Old)
                .build());
        createStream("OTHER", StorageType.File, "other.>");
        jsm.addOrUpdateConsumer(
                "LIM",
                ConsumerConfiguration.builder()
                        .durable("d")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
    }

    /**
     * Publishes until the hook has failed {@code failures} times; returns how many publishes were acked. The batch
     * that fails gets no answer, so these publishes wait one second for an ack instead of the connection's five.
     */
    private int publishUntil(AtomicInteger calls, int failures) throws Exception {
        JetStream quick = nc.jetStream(
                JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(1)).build());
        int acked = 0;
        for (int i = 0; i < 2_000 && calls.get() < failures; i++) {
            try {
                quick.publish("lim.x", PAYLOAD);
                acked++;
            } catch (Exception e) {
                // the failing batch is not acknowledged; while the stream restarts it answers "offline"
            }
        }
        return acked;
    }

    @Test
    void outOfMemoryInCompactionRestartsTheStreamFromItsStore() throws Exception {
        startAndConnect(BrokerOptions.builder().httpPort(0));
        createStreams();
        AtomicInteger calls = new AtomicInteger();
        BlockCompaction.testHook = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new OutOfMemoryError("injected by StreamFailureRecoveryTest");
            }
        };
        int acked = publishUntil(calls, 1);
        assertThat(calls.get()).as("compaction ran").isGreaterThanOrEqualTo(1);

        // the stream comes back from its store and takes publishes again; nothing acknowledged is lost
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(js.publish("lim.x", PAYLOAD).getSeqno()).isGreaterThan(acked));
        for (int i = 0; i < 50; i++) {
            js.publish("lim.x", PAYLOAD);
        }
        StreamInfo info = jsm.getStreamInfo("LIM");
        assertThat(info.getStreamState().getLastSequence()).isGreaterThanOrEqualTo(acked + 51L);
        assertThat(info.getStreamState().getByteCount()).isLessThanOrEqualTo(10L * 1024 * 1024);
        assertThat(jsm.getConsumerInfo("LIM", "d").getName()).isEqualTo("d");
        assertThat(js.publish("other.x", PAYLOAD).getStream()).isEqualTo("OTHER");
        assertThat(health("/healthz").statusCode()).isEqualTo(200);

        // its durable consumer delivers again
        io.nats.client.JetStreamSubscription sub =
                js.subscribe(null, io.nats.client.PullSubscribeOptions.bind("LIM", "d"));
        java.util.List<Message> got = sub.fetch(5, Duration.ofSeconds(5));
        assertThat(got).isNotEmpty();
        got.forEach(Message::ack);
    }

    @Test
    void aStreamThatKeepsFailingGoesOfflineAndIsReportedWhileOthersServe() throws Exception {
        startAndConnect(BrokerOptions.builder().httpPort(0));
        createStreams();
        Subscription advisories = nc.subscribe("$JS.EVENT.ADVISORY.STREAM.FAILED.LIM");
        nc.flush(Duration.ofSeconds(2));
        AtomicInteger calls = new AtomicInteger();
        BlockCompaction.testHook = () -> {
            calls.incrementAndGet();
            throw new OutOfMemoryError("injected by StreamFailureRecoveryTest");
        };
        // each failure is restarted from the store, at most three times a minute; the fourth takes it offline
        await().atMost(Duration.ofSeconds(45)).until(() -> {
            publishUntil(calls, calls.get() + 1);
            return health("/healthz").statusCode() == 503
                    && !health("/healthz").body().contains("restarting");
        });

        JetStreamApiException pub = org.junit.jupiter.api.Assertions.assertThrows(
                JetStreamApiException.class, () -> js.publish("lim.x", PAYLOAD));
        assertThat(pub.getApiErrorCode()).isEqualTo(10194);
        assertThat(pub.getMessage()).contains("stream is offline").contains("OutOfMemoryError");
        JetStreamApiException info = org.junit.jupiter.api.Assertions.assertThrows(
                JetStreamApiException.class, () -> jsm.getStreamInfo("LIM"));
        assertThat(info.getApiErrorCode()).isEqualTo(10194);

        HttpResponse<String> healthz = health("/healthz");
        JsonNode h = json.readTree(healthz.body());
        assertThat(h.get("status").asString()).isEqualTo("unavailable");
        assertThat(h.has("status_code")).isFalse();
        assertThat(h.get("error").asString()).contains("JetStream stream '$G > LIM' is offline");
        JsonNode details = json.readTree(health("/healthz?details=true").body());
        assertThat(details.get("errors").get(0).get("type").asString()).isEqualTo("STREAM");
        assertThat(details.get("errors").get(0).get("stream").asString()).isEqualTo("LIM");
        assertThat(health("/healthz?js-enabled-only=true").statusCode()).isEqualTo(200);
        assertThat(json.readTree(health("/jsz").body()).get("offline_streams").has("LIM"))
                .isTrue();

        Message restarted = advisories.nextMessage(Duration.ofSeconds(5));
        assertThat(new String(restarted.getData())).contains("\"action\":\"restarted\"");
        Message offline = null;
        for (int i = 0; i < 5 && offline == null; i++) {
            Message m = advisories.nextMessage(Duration.ofSeconds(5));
            if (m != null && new String(m.getData()).contains("\"action\":\"offline\"")) {
                offline = m;
            }
        }
        assertThat(offline).as("offline advisory").isNotNull();
        assertThat(new String(offline.getData()))
                .contains("io.natsspring.jetstream.advisory.v1.stream_failed")
                .contains("\"stream\":\"LIM\"");

        // every other stream keeps serving
        assertThat(js.publish("other.x", PAYLOAD).getSeqno()).isEqualTo(1);
        assertThat(jsm.getStreamInfo("OTHER").getStreamState().getMsgCount()).isEqualTo(1);

        // an offline stream can be deleted, then created again
        BlockCompaction.testHook = null;
        assertThat(jsm.deleteStream("LIM")).isTrue();
        assertThat(health("/healthz").statusCode()).isEqualTo(200);
        createStream("LIM", StorageType.File, "lim.>");
        assertThat(js.publish("lim.x", PAYLOAD).getSeqno()).isEqualTo(1);
    }

    private HttpResponse<String> health(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
