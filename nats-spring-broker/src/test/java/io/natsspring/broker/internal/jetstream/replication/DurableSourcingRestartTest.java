package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable {@code JS_SRC_<hash>} consumer a work-queue or interest origin keeps for a source (ADR-60) is there
 * again the moment a restarted broker accepts clients: what is published before the source has set itself up again
 * is kept for it (an interest origin without the consumer would drop it), and arrives once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DurableSourcingRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private NatsBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Connection start() throws Exception {
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir)
                        .build())
                .start();
        return Nats.connect(new Options.Builder()
                .server(broker.clientUrl())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"interest", "workqueue"})
    void theOriginsDurableIsBackBeforeTheFirstClientAndKeepsWhatIsPublished(String retention) throws Exception {
        int total = 0;
        try (Connection c = start()) {
            request(
                    c,
                    "$JS.API.STREAM.CREATE.O",
                    "{\"name\":\"O\",\"subjects\":[\"o.>\"],\"retention\":\"" + retention + "\",\"storage\":\"file\"}");
            request(
                    c,
                    "$JS.API.STREAM.CREATE.T",
                    "{\"name\":\"T\",\"storage\":\"file\",\"sources\":[{\"name\":\"O\"}]}");
            await().atMost(Duration.ofSeconds(15)).until(() -> consumers(c) == 1);
            total = publish(c, total, 5);
            awaitSourced(c, total);
        }
        for (int round = 0; round < 3; round++) {
            broker.close();
            try (Connection c = start()) {
                // at once, before the source had a chance to ask again
                assertThat(consumers(c))
                        .as("origin consumers right after restart %d", round)
                        .isEqualTo(1);
                total = publish(c, total, 5);
                awaitSourced(c, total);
            }
        }
    }

    private static int publish(Connection c, int from, int count) throws Exception {
        for (int i = from + 1; i <= from + count; i++) {
            c.publish("o." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        c.flush(Duration.ofSeconds(5));
        return from + count;
    }

    private static void awaitSourced(Connection c, int n) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> state(c, "T").path("messages").asLong() >= n
                            && state(c, "O").path("messages").asLong() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("T " + state(c, "T") + " of " + n + ", O " + state(c, "O") + " "
                    + request(c, "$JS.API.CONSUMER.LIST.O", ""));
        }
        assertThat(state(c, "T").path("messages").asLong()).isEqualTo(n);
        assertThat(state(c, "T").path("last_seq").asLong()).isEqualTo(n);
    }

    private static long consumers(Connection c) throws Exception {
        return state(c, "O").path("consumer_count").asLong();
    }

    private static JsonNode state(Connection c, String stream) throws Exception {
        return request(c, "$JS.API.STREAM.INFO." + stream, "").path("state");
    }

    private static JsonNode request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertThat(m).as("answer to %s", subject).isNotNull();
        return JSON.readTree(m.getData());
    }
}
