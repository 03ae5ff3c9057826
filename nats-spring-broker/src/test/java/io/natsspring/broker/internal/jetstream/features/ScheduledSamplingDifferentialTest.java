package io.natsspring.broker.internal.jetstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheduled subject sampling (nats-server 2.14, ADR-51) on this broker and on {@code nats-server} 2.15.1, both
 * stores: a repeating schedule with {@code Nats-Schedule-Source} publishes the schedule's own content while the
 * source subject has no message, then each time the source subject's latest message.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScheduledSamplingDifferentialTest {

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

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void aScheduleSamplesTheLatestMessageOfItsSourceSubject(String storage) throws Exception {
        String stream = "SMP_" + storage;
        String p = "smp" + storage;
        for (Connection c : List.of(ref, ours)) {
            request(
                    c,
                    "$JS.API.STREAM.CREATE." + stream,
                    "{\"name\":\"" + stream + "\",\"subjects\":[\"" + p + ".>\"],\"allow_msg_schedules\":true,"
                            + "\"storage\":\"" + storage + "\"}",
                    null);
            Headers h = new Headers()
                    .add("Nats-Schedule", "@every 1s")
                    .add("Nats-Schedule-Target", p + ".out")
                    .add("Nats-Schedule-Source", p + ".src")
                    .add("Custom", "own");
            request(c, p + ".sched", "own", h);
        }
        List<List<String>> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            seen.add(new ArrayList<>());
        }
        for (String value : new String[] {"own", "v1", "v2"}) {
            if (!value.equals("own")) {
                for (Connection c : List.of(ref, ours)) {
                    request(c, p + ".src", value, new Headers().add("Custom", "from-" + value));
                }
            }
            for (int i = 0; i < 2; i++) {
                Connection c = i == 0 ? ref : ours;
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> lastMessage(c, stream, p + ".out").endsWith(" data=" + value));
                seen.get(i)
                        .add(lastMessage(c, stream, p + ".out")
                                .replaceAll("seq=\\d+", "seq")
                                .replaceAll("Nats-Schedule-Next: [^|]*", "Nats-Schedule-Next: T"));
            }
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0).get(0)).contains("Custom:own").contains("Nats-Scheduler: " + p + ".sched");
        assertThat(seen.get(0).get(2)).contains("Custom:from-v2");
    }

    private static String lastMessage(Connection c, String stream, String subject) throws Exception {
        JsonNode r = JSON.readTree(
                request(c, "$JS.API.STREAM.MSG.GET." + stream, "{\"last_by_subj\":\"" + subject + "\"}", null)
                        .getData());
        if (r.has("error")) {
            return "none";
        }
        JsonNode m = r.path("message");
        String hdrs = m.has("hdrs")
                ? new String(Base64.getDecoder().decode(m.path("hdrs").asString()), StandardCharsets.UTF_8)
                : "";
        String data = m.has("data")
                ? new String(Base64.getDecoder().decode(m.path("data").asString()), StandardCharsets.UTF_8)
                : "";
        return m.path("subject").asString() + " seq=" + m.path("seq").asLong() + " " + hdrs.replace("\r\n", "|")
                + " data=" + data;
    }

    private static Message request(Connection c, String subject, String body, Headers headers) throws Exception {
        Message m = c.request(
                NatsMessage.builder()
                        .subject(subject)
                        .headers(headers)
                        .data(body.getBytes(StandardCharsets.UTF_8))
                        .build(),
                Duration.ofSeconds(5));
        assertThat(m).as("answer to %s %s", subject, body).isNotNull();
        return m;
    }
}
