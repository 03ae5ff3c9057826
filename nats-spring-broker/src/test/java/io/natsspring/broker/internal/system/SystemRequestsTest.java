package io.natsspring.broker.internal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The registry: one line registers a handler; answers go to the reply subject in the request's account. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SystemRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageRouter system = new MessageRouter();
    private final MessageRouter other = new MessageRouter();
    private final SystemQueue queue = new SystemQueue(64);
    private final ServerEnvelope server = new ServerEnvelope("NID", "srv", "127.0.0.1", "2.15.1", false);
    private final SystemRequests requests = new SystemRequests("SYS", system, queue, server);
    private final List<String> systemInbox = new CopyOnWriteArrayList<>();
    private final List<String> otherInbox = new CopyOnWriteArrayList<>();

    @BeforeEach
    void inboxes() {
        system.subscribe(new InternalSubscription("_INBOX.>", null, (m, b) -> systemInbox.add(text(m))));
        other.subscribe(new InternalSubscription("_INBOX.>", null, (m, b) -> otherInbox.add(text(m))));
    }

    @AfterEach
    void close() {
        requests.close();
        queue.close();
    }

    private static String text(InboundMessage m) {
        return new String(m.payloadBytes(), StandardCharsets.UTF_8);
    }

    private static void publish(MessageRouter router, String subject, String reply, String body) {
        FlushBatch batch = new FlushBatch();
        router.route(InboundMessage.of(subject, reply, null, body.getBytes(StandardCharsets.UTF_8)), null, batch);
        batch.flushAll();
    }

    @Test
    void aRegisteredHandlerAnswersWithTheServerEnvelopeAndTheWildcardToken() throws Exception {
        // tag::register[]
        requests.register("$SYS.REQ.ACCOUNT.*.CLAIMS.LOOKUP", r -> SystemRequest.data(Map.of("account", r.token(3))));
        // end::register[]
        publish(system, "$SYS.REQ.ACCOUNT.A.CLAIMS.LOOKUP", "_INBOX.1", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> systemInbox.size() == 1);
        JsonNode answer = JSON.readTree(systemInbox.get(0));
        assertThat(answer.get("data").get("account").asString()).isEqualTo("A");
        assertThat(answer.get("server").get("id").asString()).isEqualTo("NID");
        assertThat(answer.get("server").get("seq").asLong()).isEqualTo(1);
        assertThat(requests.size()).isEqualTo(1);
    }

    @Test
    void requestsInOtherAccountsReachOnlyHandlersRegisteredThere() {
        requests.register("$SYS.REQ.SERVER.PING", r -> "sys");
        requests.register("OTHER", other, "$SYS.REQ.SERVER.PING.CONNZ", r -> "in " + r.account());
        publish(other, "$SYS.REQ.SERVER.PING", "_INBOX.2", "");
        publish(other, "$SYS.REQ.SERVER.PING.CONNZ", "_INBOX.3", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> otherInbox.size() == 1);
        assertThat(otherInbox).containsExactly("in OTHER");
        assertThat(systemInbox).isEmpty();
        assertThat(requests.size(other)).isEqualTo(1);
        assertThat(requests.size(system)).isEqualTo(1);
    }

    @Test
    void aNullAnswerOrNoReplySendsNothingAndAFailingHandlerAnswers500() throws Exception {
        requests.register("quiet", r -> null);
        requests.register("boom", r -> {
            throw new IllegalStateException("no way");
        });
        publish(system, "quiet", "_INBOX.4", "");
        publish(system, "boom", null, "");
        publish(system, "boom", "_INBOX.5", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> systemInbox.size() == 1);
        assertThat(JSON.readTree(systemInbox.get(0)).get("error").toString())
                .isEqualTo("{\"code\":500,\"description\":\"no way\"}");
    }

    @Test
    void closeUnsubscribesEveryHandler() {
        int before = system.subscriptionCount();
        requests.register("a", r -> "x");
        requests.register("OTHER", other, "b", r -> "y");
        requests.close();
        assertThat(system.subscriptionCount()).isEqualTo(before);
        assertThat(requests.size()).isZero();
    }
}
