package io.natsspring.broker.internal.jetstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One slow JetStream API request delays only what must wait for it: while a stream create is held on its API thread
 * (a test hook), another client's account info, stream info, message get, consumer create and purge on another
 * stream are answered; a request on the held stream and another stream create wait, then run in arrival order.
 * Asserted by completion, no timing thresholds.
 */
@Timeout(60)
class ApiIsolationTest extends JetStreamTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SLOW = "$JS.API.STREAM.CREATE.SLOW";

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        createStream("FAST", StorageType.Memory, "fast.>");
        js.publish("fast.a", "one".getBytes(StandardCharsets.UTF_8));
        ApiDispatcher.testHook(subject -> {
            if (subject.equals(SLOW)) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        ApiDispatcher.testHook(null);
    }

    @Test
    void slowStreamCreateDelaysOnlyWhatWaitsForIt() throws Exception {
        try (Connection slowClient = connect(broker)) {
            CompletableFuture<Message> slow =
                    request(slowClient, SLOW, "{\"name\":\"SLOW\",\"subjects\":[\"slow.>\"]}");
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            // another client, other streams: answered while the create is held
            assertThat(jsm.getAccountStatistics().getStreams()).isEqualTo(1);
            assertThat(jsm.getStreamInfo("FAST").getStreamState().getMsgCount()).isEqualTo(1);
            assertThat(jsm.getMessage("FAST", 1).getSubject()).isEqualTo("fast.a");
            assertThat(jsm.getStreamNames()).containsExactly("FAST");
            jsm.addOrUpdateConsumer(
                    "FAST", ConsumerConfiguration.builder().durable("d").build());
            assertThat(jsm.getConsumerInfo("FAST", "d").getName()).isEqualTo("d");
            assertThat(jsm.purgeStream("FAST").getPurged()).isEqualTo(1);

            // the same stream and other stream creates wait for the held one, then run in arrival order
            CompletableFuture<Message> consumerOnSlow =
                    request(nc, "$JS.API.CONSUMER.CREATE.SLOW", "{\"stream_name\":\"SLOW\",\"config\":{}}");
            CompletableFuture<Message> overlapping =
                    request(nc, "$JS.API.STREAM.CREATE.OTHER", "{\"name\":\"OTHER\",\"subjects\":[\"slow.x\"]}");
            nc.flush(Duration.ofSeconds(5)); // both requests reached the broker
            assertThat(slow).isNotDone();
            assertThat(consumerOnSlow).isNotDone();
            assertThat(overlapping).isNotDone();

            release.countDown();
            assertThat(json(slow).path("config").path("name").asString()).isEqualTo("SLOW");
            assertThat(json(consumerOnSlow).has("error")).as("consumer on SLOW").isFalse();
            assertThat(json(overlapping).path("error").path("err_code").asInt()).isEqualTo(10065);
        }
    }

    private static CompletableFuture<Message> request(Connection c, String subject, String body) {
        return c.requestWithTimeout(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    private static JsonNode json(CompletableFuture<Message> answer) throws Exception {
        return JSON.readTree(answer.get(20, TimeUnit.SECONDS).getData());
    }
}
