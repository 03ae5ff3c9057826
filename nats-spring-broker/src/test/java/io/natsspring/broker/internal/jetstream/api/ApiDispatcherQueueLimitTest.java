package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The API queue is bounded as in nats-server: past the limit the queued requests are dropped with an advisory. */
@Timeout(30)
class ApiDispatcherQueueLimitTest {

    private final MessageRouter router = new MessageRouter();
    private final InternalPublisher publisher = new InternalPublisher(router);
    private final ScheduledExecutorService advisoryThread = Executors.newSingleThreadScheduledExecutor();
    private final ApiDispatcher dispatcher = new ApiDispatcher(publisher, new ApiStats(), 3, "test-server",
            advisoryThread);
    private final CountDownLatch handlerEntered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> advisories = new CopyOnWriteArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        dispatcher.close();
        dispatcher.shutdown();
        advisoryThread.shutdownNow();
    }

    @Test
    void requestsPastTheLimitAreDroppedWithTheAdvisory() throws Exception {
        dispatcher.register("$JS.API.TEST", "test", r -> {
            handlerEntered.countDown();
            awaitRelease();
            return ApiJson.object();
        });
        listen("$JS.EVENT.ADVISORY.API.LIMIT_REACHED", advisories);
        listen("reply.>", answers);

        request("reply.1");
        assertThat(handlerEntered.await(10, TimeUnit.SECONDS)).isTrue();
        request("reply.2");
        request("reply.3");
        assertThat(advisories).isEmpty();
        request("reply.4");

        await().atMost(Duration.ofSeconds(10)).until(() -> advisories.size() == 1);
        ObjectNode advisory = ApiJson.parseObject(advisories.get(0));
        assertThat(ApiJson.text(advisory, "type")).isEqualTo("io.nats.jetstream.advisory.v1.api_limit_reached");
        assertThat(ApiJson.text(advisory, "server")).isEqualTo("test-server");
        assertThat(advisory.get("dropped").asLong()).isEqualTo(3);
        assertThat(ApiJson.text(advisory, "id")).hasSize(22);
        assertThat(ApiJson.text(advisory, "timestamp")).endsWith("Z");

        release.countDown();
        request("reply.5");
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 2);
        assertThat(answers).containsExactlyInAnyOrder(
                "reply.1 {\"type\":\"io.nats.jetstream.api.v1.test_response\"}",
                "reply.5 {\"type\":\"io.nats.jetstream.api.v1.test_response\"}");
    }

    private void awaitRelease() {
        try {
            release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void request(String reply) {
        FlushBatch batch = new FlushBatch();
        publisher.publish("$JS.API.TEST", reply, null, new byte[0], batch);
        batch.flushAll();
    }

    private void listen(String subject, List<String> into) {
        router.subscribe(new InternalSubscription(subject, null, (m, b) -> {
            String body = new String(m.payloadBytes(), StandardCharsets.UTF_8);
            into.add(into == answers ? m.subject() + " " + body : body);
            return true;
        }));
    }
}
