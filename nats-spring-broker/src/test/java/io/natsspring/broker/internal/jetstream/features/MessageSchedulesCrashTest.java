package io.natsspring.broker.internal.jetstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ChildBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules live in the store: after a kill -9 (and after a clean restart) of the broker a pending {@code @at}
 * schedule still fires once and is removed, a repeating one keeps firing, and counters and committed atomic
 * batches are intact while a batch that was only staged is gone.
 */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MessageSchedulesCrashTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path storeDir;

    @Test
    void schedulesFireAfterAKill() throws Exception {
        Process child = null;
        try {
            ChildBroker first = ChildBroker.start(storeDir);
            child = first.process();
            try (Connection nc = connect(first.port())) {
                prepare(nc);
            }
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            ChildBroker second = ChildBroker.start(storeDir);
            child = second.process();
            try (Connection nc = connect(second.port())) {
                verify(nc);
            }
        } finally {
            if (child != null) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void schedulesFireAfterARestart() throws Exception {
        try (NatsBroker broker = broker();
                Connection nc = connect(broker.port())) {
            prepare(nc);
        }
        try (NatsBroker broker = broker();
                Connection nc = connect(broker.port())) {
            verify(nc);
        }
    }

    private NatsBroker broker() throws Exception {
        return new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(storeDir)
                        .build())
                .start();
    }

    private static void prepare(Connection nc) throws Exception {
        raw(
                nc,
                "$JS.API.STREAM.CREATE.SCH",
                "{\"name\":\"SCH\",\"subjects\":[\"sch.>\"],\"allow_msg_schedules\":true,\"storage\":\"file\"}");
        raw(
                nc,
                "$JS.API.STREAM.CREATE.CNTB",
                "{\"name\":\"CNTB\",\"subjects\":[\"cntb.>\"],\"allow_msg_counter\":true,\"allow_atomic\":true}");
        // due a few seconds after the kill or stop (it may fire earlier on a slow machine: once either way)
        String at = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(publish(nc, "sch.once", "once", "Nats-Schedule", "@at " + at, "Nats-Schedule-Target", "sch.t1"))
                .contains("\"seq\":1");
        assertThat(publish(nc, "sch.every", "tick", "Nats-Schedule", "@every 1s", "Nats-Schedule-Target", "sch.t2"))
                .contains("\"stream\":\"SCH\"");
        assertThat(publish(nc, "cntb.a", "", "Nats-Incr", "41")).contains("\"val\":\"41\"");
        assertThat(publish(nc, "cntb.a", "", "Nats-Incr", "1", "Nats-Batch-Id", "b1", "Nats-Batch-Sequence", "1"))
                .isEmpty();
        assertThat(publish(
                        nc,
                        "cntb.b",
                        "",
                        "Nats-Incr",
                        "2",
                        "Nats-Batch-Id",
                        "b1",
                        "Nats-Batch-Sequence",
                        "2",
                        "Nats-Batch-Commit",
                        "1"))
                .isEqualTo("{\"stream\":\"CNTB\",\"seq\":3,\"batch\":\"b1\",\"count\":2}");
        assertThat(publish(nc, "cntb.a", "", "Nats-Incr", "100", "Nats-Batch-Id", "b2", "Nats-Batch-Sequence", "1"))
                .isEmpty();
    }

    private static void verify(Connection nc) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> lastOf(nc, "SCH", "sch.t1") != null);
        JsonNode fired = lastOf(nc, "SCH", "sch.t1");
        assertThat(headers(fired)).contains("Nats-Scheduler: sch.once").contains("Nats-Schedule-Next: purge");
        await().atMost(Duration.ofSeconds(15)).until(() -> lastOf(nc, "SCH", "sch.once") == null);
        assertThat(count(nc, "sch.t1")).isEqualTo(1);
        long ticks = count(nc, "sch.t2");
        await().atMost(Duration.ofSeconds(20)).until(() -> count(nc, "sch.t2") >= ticks + 2);
        assertThat(lastOf(nc, "SCH", "sch.every")).isNotNull();
        assertThat(publish(nc, "cntb.a", "", "Nats-Incr", "1")).contains("\"val\":\"43\"");
        assertThat(publish(
                        nc,
                        "cntb.a",
                        "",
                        "Nats-Incr",
                        "1",
                        "Nats-Batch-Id",
                        "b2",
                        "Nats-Batch-Sequence",
                        "2",
                        "Nats-Batch-Commit",
                        "1"))
                .contains("\"err_code\":10176");
    }

    private static long count(Connection nc, String subject) throws Exception {
        JsonNode info = JSON.readTree(raw(nc, "$JS.API.STREAM.INFO.SCH", "{\"subjects_filter\":\"" + subject + "\"}"));
        return info.path("state").path("subjects").path(subject).asLong();
    }

    private static JsonNode lastOf(Connection nc, String stream, String subject) throws Exception {
        JsonNode r =
                JSON.readTree(raw(nc, "$JS.API.STREAM.MSG.GET." + stream, "{\"last_by_subj\":\"" + subject + "\"}"));
        return r.has("error") ? null : r.path("message");
    }

    private static String headers(JsonNode m) {
        return new String(java.util.Base64.getDecoder().decode(m.path("hdrs").asString("")), StandardCharsets.UTF_8);
    }

    private static String publish(Connection nc, String subject, String body, String... kv) throws Exception {
        Headers h = new Headers();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            h.add(kv[i], kv[i + 1]);
        }
        Message reply = nc.request(
                NatsMessage.builder()
                        .subject(subject)
                        .headers(h)
                        .data(body.getBytes(StandardCharsets.UTF_8))
                        .build(),
                TIMEOUT);
        return new String(reply.getData(), StandardCharsets.UTF_8);
    }

    private static String raw(Connection nc, String subject, String body) throws Exception {
        return new String(
                nc.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT)
                        .getData(),
                StandardCharsets.UTF_8);
    }

    private static Connection connect(int port) throws Exception {
        return ChildBroker.connect(port);
    }
}
