package io.natsspring.broker.internal.jetstream.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stream and consumer action advisories and the API audit advisory on this broker and on {@code nats-server} 2.15
 * side by side: the same administrative requests must give the same advisories (subjects, types, fields; ids and
 * times aside). The audit's {@code client} block is {@code nats-server}'s only (see docs/jetstream.md).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApiAdvisoriesDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path storeDir;

    private static DifferentialServers servers;
    private static ReferenceNatsServer reference;
    private static Connection ref;
    private static NatsBroker broker;
    private static Connection ours;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(storeDir);
        reference = servers.server();
        ref = servers.reference();
        broker = servers.broker();
        ours = servers.ours();
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private static final String[][] STEPS = {
        {"$JS.API.STREAM.CREATE.ADV", "{\"name\":\"ADV\",\"subjects\":[\"adv\"],\"storage\":\"memory\"}"},
        {"$JS.API.STREAM.CREATE.ADV", "{\"name\":\"ADV\",\"subjects\":[\"adv\"],\"storage\":\"memory\"}"},
        {"$JS.API.STREAM.UPDATE.ADV", "{\"name\":\"ADV\",\"subjects\":[\"adv\",\"adv2\"],\"storage\":\"memory\"}"},
        {"$JS.API.CONSUMER.CREATE.ADV.C", "{\"stream_name\":\"ADV\",\"config\":{\"durable_name\":\"C\"}}"},
        {"$JS.API.CONSUMER.DELETE.ADV.C", ""},
        {"$JS.API.STREAM.INFO.NOPE", ""},
        {"$JS.API.STREAM.DELETE.ADV", ""},
    };

    @Test
    void advisoriesMatch() throws Exception {
        List<String> expected = run(ref);
        List<String> actual = run(ours);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    private static List<String> run(Connection c) throws Exception {
        Subscription sub = c.subscribe("$JS.EVENT.ADVISORY.>");
        c.flush(Duration.ofSeconds(5));
        for (String[] step : STEPS) {
            DirectGetBatchDifferentialTest.request(c, step[0], step[1]);
        }
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Message m;
            while ((m = sub.nextMessage(Duration.ofMillis(50))) != null) {
                seen.add(render(m));
            }
            return seen.size() >= 12;
        });
        Message late;
        while ((late = sub.nextMessage(Duration.ofMillis(300))) != null) {
            seen.add(render(late));
        }
        sub.unsubscribe();
        Collections.sort(seen);
        return seen;
    }

    private static String render(Message m) throws Exception {
        JsonNode o = JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(m.getSubject()).append(' ');
        for (String field : new String[] {"type", "stream", "consumer", "action", "subject", "request"}) {
            if (o.has(field)) {
                b.append(field).append('=').append(o.path(field).asString()).append(' ');
            }
        }
        if (o.has("response")) {
            JsonNode r = JSON.readTree(o.path("response").asString());
            b.append("response.type=")
                    .append(r.path("type").asString())
                    .append(" error=")
                    .append(r.path("error"));
        }
        assertThat(o.path("id").asString()).hasSize(22);
        assertThat(o.path("timestamp").asString()).endsWith("Z");
        if (o.path("type").asString().endsWith("api_audit")) {
            assertThat(o.path("server").asString()).isNotEmpty();
        }
        return b.toString();
    }
}
