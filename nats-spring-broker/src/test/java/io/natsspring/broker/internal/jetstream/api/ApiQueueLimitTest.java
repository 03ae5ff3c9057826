package io.natsspring.broker.internal.jetstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API lanes under overload, as {@code nats-server}: with {@code request_queue_limit} requests waiting, every
 * waiting request of that queue is dropped unanswered and the limit advisory says how many; reads (the info queue)
 * and the other requests are counted apart, so a flood of one does not drop the other. Requests are held on their
 * threads with the dispatcher's test hook; asserted by completion, no timing thresholds.
 */
@Timeout(60)
class ApiQueueLimitTest extends JetStreamTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 5;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        ApiDispatcher.testHook(null);
    }

    @Test
    void fullAdministrationQueueIsDroppedWithAnAdvisoryAndReadsGoOn() throws Exception {
        CountDownLatch held = hold("$JS.API.STREAM.CREATE.HOLD", 1);
        startAndConnect(BrokerOptions.builder().jetStreamRequestQueueLimit(LIMIT));
        Subscription advisories = nc.subscribe(ApiLimitAdvisory.SUBJECT);
        nc.flush(Duration.ofSeconds(5));

        CompletableFuture<Message> heldCreate = request("$JS.API.STREAM.CREATE.HOLD", stream("HOLD", "hold"));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Message>> waiting = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            waiting.add(request("$JS.API.STREAM.CREATE.S" + i, stream("S" + i, "s" + i)));
        }

        JsonNode advisory =
                JSON.readTree(advisories.nextMessage(Duration.ofSeconds(10)).getData());
        assertThat(advisory.path("type").asString()).isEqualTo(ApiLimitAdvisory.TYPE);
        assertThat(advisory.path("dropped").asLong()).isEqualTo(LIMIT);
        // the info queue is not affected
        assertThat(jsm.getAccountStatistics().getStreams()).isZero();

        release.countDown();
        assertThat(JSON.readTree(heldCreate.get(10, TimeUnit.SECONDS).getData())
                        .path("config")
                        .path("name")
                        .asString())
                .isEqualTo("HOLD");
        // the dropped requests were never handled; the lane serves new requests
        assertThat(createStream("AFTER", StorageType.Memory, "after")
                        .getConfiguration()
                        .getName())
                .isEqualTo("AFTER");
        assertThat(jsm.getStreamNames()).containsExactlyInAnyOrder("HOLD", "AFTER");
        assertThat(waiting).noneMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void fullInfoQueueIsDroppedAloneAndAdministrationGoesOn() throws Exception {
        CountDownLatch held = hold("$JS.API.STREAM.INFO.HOLD", ApiLanes.READ_THREADS);
        startAndConnect(BrokerOptions.builder().jetStreamRequestQueueLimit(LIMIT));
        Subscription advisories = nc.subscribe(ApiLimitAdvisory.SUBJECT);
        nc.flush(Duration.ofSeconds(5));

        List<CompletableFuture<Message>> heldInfos = new ArrayList<>();
        for (int i = 0; i < ApiLanes.READ_THREADS; i++) {
            heldInfos.add(request("$JS.API.STREAM.INFO.HOLD", ""));
        }
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < LIMIT; i++) {
            request("$JS.API.STREAM.INFO.S" + i, "");
        }

        JsonNode advisory =
                JSON.readTree(advisories.nextMessage(Duration.ofSeconds(10)).getData());
        assertThat(advisory.path("dropped").asLong()).isEqualTo(LIMIT);
        // the administration queue is not affected
        assertThat(createStream("S0", StorageType.Memory, "s0")
                        .getConfiguration()
                        .getName())
                .isEqualTo("S0");

        release.countDown();
        for (CompletableFuture<Message> info : heldInfos) {
            assertThat(JSON.readTree(info.get(10, TimeUnit.SECONDS).getData())
                            .path("error")
                            .path("err_code")
                            .asInt())
                    .isEqualTo(10059); // stream not found
        }
        assertThat(jsm.getStreamInfo("S0").getConfiguration().getName()).isEqualTo("S0");
    }

    /**
     * {@code info_queue_limit} limits the info requests alone; a message get is not one (nats-server queues it with
     * the other requests), so it waits on its stream's lane and counts against {@code request_queue_limit}.
     */
    @Test
    void infoQueueLimitAppliesToInfoRequestsAndNotToMessageGets() throws Exception {
        CountDownLatch held = hold("$JS.API.STREAM.PURGE.HOLD", 1);
        startAndConnect(BrokerOptions.builder().jetStreamRequestQueueLimit(100).jetStreamInfoQueueLimit(LIMIT));
        createStream("HOLD", StorageType.Memory, "hold");
        nc.publish("hold", new byte[] {1});
        nc.flush(Duration.ofSeconds(5));
        Subscription advisories = nc.subscribe(ApiLimitAdvisory.SUBJECT);
        nc.flush(Duration.ofSeconds(5));

        CompletableFuture<Message> heldPurge = request("$JS.API.STREAM.PURGE.HOLD", "");
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        // more message gets than the info limit wait behind the purge on the stream's lane: none is dropped
        List<CompletableFuture<Message>> gets = new ArrayList<>();
        for (int i = 0; i < LIMIT + 2; i++) {
            gets.add(request("$JS.API.STREAM.MSG.GET.HOLD", "{\"seq\":1}"));
        }
        nc.flush(Duration.ofSeconds(5));
        assertThat(advisories.nextMessage(Duration.ofMillis(300))).isNull();
        release.countDown();
        assertThat(heldPurge.get(10, TimeUnit.SECONDS)).isNotNull();
        for (CompletableFuture<Message> get : gets) {
            // in order after the purge: the message is gone
            assertThat(JSON.readTree(get.get(10, TimeUnit.SECONDS).getData())
                            .path("error")
                            .path("err_code")
                            .asInt())
                    .isEqualTo(10037);
        }
        assertThat(BrokerOptions.builder().build().jetStreamInfoQueueLimit())
                .isEqualTo(BrokerOptions.DEFAULT_JETSTREAM_REQUEST_QUEUE_LIMIT);
        assertThat(BrokerOptions.builder().jetStreamRequestQueueLimit(7).build().jetStreamInfoQueueLimit())
                .isEqualTo(7);
    }

    /** Holds every request on {@code subject} until {@link #release}; the latch counts {@code count} held. */
    private CountDownLatch hold(String subject, int count) {
        CountDownLatch held = new CountDownLatch(count);
        ApiDispatcher.testHook(s -> {
            if (s.equals(subject)) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        return held;
    }

    private CompletableFuture<Message> request(String subject, String body) {
        return nc.requestWithTimeout(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    private static String stream(String name, String subject) {
        return "{\"name\":\"" + name + "\",\"subjects\":[\"" + subject + "\"],\"storage\":\"memory\"}";
    }
}
