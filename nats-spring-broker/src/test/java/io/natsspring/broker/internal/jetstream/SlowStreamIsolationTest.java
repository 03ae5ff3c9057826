package io.natsspring.broker.internal.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.api.ApiDispatcher;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A stream whose consumer thread is stuck delays only its own API requests, never those of other streams. */
@Timeout(60)
class SlowStreamIsolationTest {

    @TempDir
    Path storeDir;

    private final MessageRouter router = new MessageRouter();
    private final InternalPublisher publisher = new InternalPublisher(router);
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private JetStreamService jetStream;

    @AfterEach
    void stop() {
        release.countDown();
        if (jetStream != null) {
            jetStream.close();
        }
    }

    @Test
    void apiRequestsForOtherStreamsAnswerWhileOneStreamIsBlocked() throws Exception {
        startJetStreamRecordingReplies();
        request(
                "$JS.API.STREAM.CREATE.A",
                "reply.create-a",
                "{\"name\":\"A\",\"subjects\":[\"a\"],\"storage\":\"memory\"}");
        request(
                "$JS.API.STREAM.CREATE.B",
                "reply.create-b",
                "{\"name\":\"B\",\"subjects\":[\"b\"],\"storage\":\"memory\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 2);

        blockConsumerThreadOf("A");

        request("$JS.API.CONSUMER.INFO.A.c1", "reply.info-a", "");
        request(
                "$JS.API.CONSUMER.CREATE.B",
                "reply.create-consumer-b",
                "{\"stream_name\":\"B\",\"config\":{\"ack_policy\":\"explicit\"}}");
        request("$JS.API.CONSUMER.LIST.B", "reply.list-b", "");
        request("$JS.API.STREAM.INFO.B", "reply.info-b", "");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> answers.containsKey("reply.create-consumer-b")
                        && answers.containsKey("reply.list-b")
                        && answers.containsKey("reply.info-b"));
        assertThat(answers.get("reply.create-consumer-b"))
                .contains("consumer_create_response")
                .doesNotContain("error");
        assertThat(answers.get("reply.list-b")).contains("\"total\":1");
        assertThat(answers).doesNotContainKey("reply.info-a");

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.containsKey("reply.info-a"));
        assertThat(answers.get("reply.info-a")).contains("\"err_code\":10014");
    }

    @Test
    void deletingAStreamWhoseConsumerThreadIsBlockedStallsNoOtherRequest() throws Exception {
        startJetStreamRecordingReplies();
        request(
                "$JS.API.STREAM.CREATE.A",
                "reply.create-a",
                "{\"name\":\"A\",\"subjects\":[\"a\"],\"storage\":\"file\"}");
        request(
                "$JS.API.STREAM.CREATE.B",
                "reply.create-b",
                "{\"name\":\"B\",\"subjects\":[\"b\"],\"storage\":\"memory\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 2);
        request(
                "$JS.API.CONSUMER.CREATE.A",
                "reply.consumer-a",
                "{\"stream_name\":\"A\",\"config\":{\"durable_name\":\"d\",\"ack_policy\":\"explicit\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.containsKey("reply.consumer-a"));

        blockConsumerThreadOf("A");

        request("$JS.API.STREAM.DELETE.A", "reply.delete-a", "");
        request("$JS.API.STREAM.INFO.B", "reply.info-b", "");
        request(
                "$JS.API.STREAM.CREATE.A",
                "reply.recreate-a",
                "{\"name\":\"A\",\"subjects\":[\"a\"],\"storage\":\"file\"}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> answers.containsKey("reply.delete-a")
                        && answers.containsKey("reply.info-b")
                        && answers.containsKey("reply.recreate-a"));
        assertThat(answers.get("reply.delete-a")).contains("\"success\":true");
        assertThat(answers.get("reply.info-b")).contains("stream_info_response").doesNotContain("error");
        assertThat(answers.get("reply.recreate-a"))
                .contains("stream_create_response")
                .doesNotContain("error");
        release.countDown();
    }

    /** Starts JetStream on the test's router; every answer on {@code reply.>} is kept in {@link #answers}. */
    private void startJetStreamRecordingReplies() throws IOException {
        jetStream = new JetStreamService(
                new JetStreamSettings(
                        storeDir, -1, -1, Duration.ofMinutes(2), false, ApiDispatcher.DEFAULT_QUEUE_LIMIT),
                router,
                "srv");
        jetStream.start();
        router.subscribe(new InternalSubscription("reply.>", null, (m, b) -> {
            answers.put(m.subject(), new String(m.payloadBytes(), StandardCharsets.UTF_8));
            return true;
        }));
    }

    /** Occupies the consumer thread of {@code stream} until {@link #release} opens. */
    private void blockConsumerThreadOf(String stream) throws InterruptedException {
        CountDownLatch blocked = new CountDownLatch(1);
        jetStream.registry().consumers(stream).submit(() -> {
            blocked.countDown();
            release.await(30, TimeUnit.SECONDS);
            return null;
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private void request(String subject, String reply, String body) {
        FlushBatch batch = new FlushBatch();
        publisher.publish(subject, reply, null, body.getBytes(StandardCharsets.UTF_8), batch);
        batch.flushAll();
    }
}
