package io.natsspring.broker.internal.jetstream.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
 * Per-message TTL, subject delete markers and consumer pause on this broker and on {@code nats-server} 2.15 side by side: the same
 * requests and publishes must get the same answers (PubAcks, errors, the config fields the server fills in) and
 * leave the same markers. Skipped without the reference binary ({@code $NATS_SERVER_215_BIN} or
 * {@code /opt/nats/2.15.1/usr/sbin/nats-server}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TtlAndPauseDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

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

    @Test
    void configRulesMatch() throws Exception {
        String[][] cases = {
            {"$JS.API.STREAM.CREATE.C1", "{\"name\":\"C1\",\"subject_delete_marker_ttl\":500000000}"},
            {"$JS.API.STREAM.CREATE.C1", "{\"name\":\"C1\",\"subject_delete_marker_ttl\":-1}"},
            {"$JS.API.STREAM.CREATE.C1", "{\"name\":\"C1\",\"subject_delete_marker_ttl\":\"1s\"}"},
            {"$JS.API.STREAM.CREATE.C1", "{\"name\":\"C1\",\"allow_msg_ttl\":\"yes\"}"},
            {"$JS.API.STREAM.CREATE.C2", "{\"name\":\"C2\",\"allow_msg_ttl\":true}"},
            {"$JS.API.STREAM.UPDATE.C2", "{\"name\":\"C2\",\"allow_msg_ttl\":false}"},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String expected = raw(ref, c[0], c[1]);
            String actual = raw(ours, c[0], c[1]);
            JsonNode e = JSON.readTree(expected);
            JsonNode a = JSON.readTree(actual);
            boolean same = e.has("error")
                    ? expected.equals(actual)
                    : !a.has("error")
                            && e.path("config")
                                    .path("allow_msg_ttl")
                                    .equals(a.path("config").path("allow_msg_ttl"));
            if (!same) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void markersImplyTheSameFlags() throws Exception {
        String body = "{\"name\":\"F\",\"subjects\":[\"f.>\"],\"deny_purge\":true,"
                + "\"subject_delete_marker_ttl\":2000000000,\"storage\":\"memory\"}";
        JsonNode e = JSON.readTree(raw(ref, "$JS.API.STREAM.CREATE.F", body)).path("config");
        JsonNode a = JSON.readTree(raw(ours, "$JS.API.STREAM.CREATE.F", body)).path("config");
        for (String field :
                new String[] {"allow_msg_ttl", "allow_rollup_hdrs", "deny_purge", "subject_delete_marker_ttl"}) {
            assertThat(a.path(field)).as(field).isEqualTo(e.path(field));
        }
    }

    @Test
    void pubAcksMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(c, "$JS.API.STREAM.CREATE.P", "{\"name\":\"P\",\"subjects\":[\"p.>\"],\"storage\":\"memory\"}");
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.T",
                    "{\"name\":\"T\",\"subjects\":[\"t.>\"],\"storage\":\"memory\",\"allow_msg_ttl\":true}");
        }
        String[][] cases = {
            {"p.a", "1s"}, {"p.a", "never"}, {"p.a", "bogus"}, {"p.a", ""}, {"t.a", "1s"}, {"t.a", "10"},
            {"t.a", "never"}, {"t.a", "Never"}, {"t.a", "500ms"}, {"t.a", "0"}, {"t.a", "0s"}, {"t.a", "-1"},
            {"t.a", "1.5"}, {"t.a", "1d"}, {"t.a", "+5s"}, {"t.a", "99999999999999999999"}, {"t.a", " 5 "},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String expected = publish(ref, c[0], c[1]);
            String actual = publish(ours, c[0], c[1]);
            if (!expected.equals(actual)) {
                differences.add(
                        c[0] + " Nats-TTL: '" + c[1] + "'\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void markersMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.M",
                    "{\"name\":\"M\",\"subjects\":[\"m.>\"],\"storage\":\"file\",\"max_age\":1000000000,"
                            + "\"subject_delete_marker_ttl\":1000000000,\"allow_direct\":true}");
            publish(c, "m.a", null);
            publish(c, "m.a", null);
            publish(c, "m.b", "1");
            publish(c, "m.c", "3s");
        }
        // which of two messages due in the same instant goes first is timing: compare subjects and headers
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> JSON.readTree(raw(c, "$JS.API.STREAM.INFO.M", ""))
                                    .path("state")
                                    .path("last_seq")
                                    .asLong()
                            >= 6);
            StringBuilder b = new StringBuilder();
            for (String subject : new String[] {"m.a", "m.b", "m.c"}) {
                JsonNode m = JSON.readTree(raw(c, "$JS.API.STREAM.MSG.GET.M", "{\"last_by_subj\":\"" + subject + "\"}"))
                        .path("message");
                String hdrs = m.has("hdrs")
                        ? new String(Base64.getDecoder().decode(m.path("hdrs").asString()), StandardCharsets.UTF_8)
                        : "";
                b.append(m.path("subject").asString())
                        .append(' ')
                        .append(hdrs.replace("\r\n", "|"))
                        .append(" data=")
                        .append(m.path("data").asString(""))
                        .append('\n');
            }
            seen.add(b.toString());
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }

    @Test
    void pauseMatches() throws Exception {
        String until = java.time.Instant.now()
                .plusSeconds(3600)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            raw(c, "$JS.API.STREAM.CREATE.CP", "{\"name\":\"CP\",\"subjects\":[\"cp\"],\"storage\":\"memory\"}");
            io.nats.client.Subscription adv = c.subscribe("$JS.EVENT.ADVISORY.CONSUMER.PAUSE.CP.D");
            c.flush(TIMEOUT);
            raw(c, "$JS.API.CONSUMER.CREATE.CP.D", "{\"stream_name\":\"CP\",\"config\":{\"durable_name\":\"D\"}}");
            StringBuilder b = new StringBuilder();
            b.append(raw(c, "$JS.API.CONSUMER.PAUSE.CP.NOPE", "")).append('\n');
            b.append(raw(c, "$JS.API.CONSUMER.PAUSE.NOPE.D", "")).append('\n');
            b.append(raw(c, "$JS.API.CONSUMER.PAUSE.CP.D", "{\"pause_until\":5}"))
                    .append('\n');
            JsonNode paused =
                    JSON.readTree(raw(c, "$JS.API.CONSUMER.PAUSE.CP.D", "{\"pause_until\":\"" + until + "\"}"));
            b.append(fieldNames(paused))
                    .append(' ')
                    .append(paused.path("paused"))
                    .append(' ')
                    .append(paused.path("pause_until"))
                    .append('\n');
            JsonNode info = JSON.readTree(raw(c, "$JS.API.CONSUMER.INFO.CP.D", ""));
            b.append(info.path("paused"))
                    .append(' ')
                    .append(info.has("pause_remaining"))
                    .append(' ')
                    .append(info.path("config").path("pause_until"))
                    .append('\n');
            JsonNode advisory = JSON.readTree(adv.nextMessage(TIMEOUT).getData());
            b.append(fieldNames(advisory))
                    .append(' ')
                    .append(advisory.path("type"))
                    .append(' ')
                    .append(advisory.path("paused"))
                    .append(' ')
                    .append(advisory.path("pause_until"))
                    .append('\n');
            JsonNode resumed = JSON.readTree(raw(c, "$JS.API.CONSUMER.PAUSE.CP.D", ""));
            b.append(resumed).append('\n');
            JsonNode resumedAdvisory = JSON.readTree(adv.nextMessage(TIMEOUT).getData());
            b.append(fieldNames(resumedAdvisory))
                    .append(' ')
                    .append(resumedAdvisory.path("paused"))
                    .append(' ')
                    .append(resumedAdvisory.path("pause_until"))
                    .append('\n');
            JsonNode infoAfter = JSON.readTree(raw(c, "$JS.API.CONSUMER.INFO.CP.D", ""));
            b.append(infoAfter.has("paused"))
                    .append(' ')
                    .append(infoAfter.path("config").has("pause_until"));
            seen.add(b.toString());
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }

    @Test
    void requiredApiLevelIsRefusedAlike() throws Exception {
        for (String subject : new String[] {"$JS.API.INFO", "$JS.API.STREAM.NAMES", "$JS.API.CONSUMER.PAUSE.X.Y"}) {
            for (String level : new String[] {"99", "x"}) {
                Headers h = new Headers();
                h.put("Nats-Required-Api-Level", level);
                String expected = new String(
                        ref.request(
                                        NatsMessage.builder()
                                                .subject(subject)
                                                .headers(h)
                                                .build(),
                                        TIMEOUT)
                                .getData(),
                        StandardCharsets.UTF_8);
                String actual = new String(
                        ours.request(
                                        NatsMessage.builder()
                                                .subject(subject)
                                                .headers(h)
                                                .build(),
                                        TIMEOUT)
                                .getData(),
                        StandardCharsets.UTF_8);
                assertThat(actual).as(subject + " level " + level).isEqualTo(expected);
            }
        }
        Headers ok = new Headers();
        ok.put("Nats-Required-Api-Level", "1");
        JsonNode info = JSON.readTree(ours.request(
                        NatsMessage.builder()
                                .subject("$JS.API.INFO")
                                .headers(ok)
                                .build(),
                        TIMEOUT)
                .getData());
        assertThat(info.path("api").path("level").asInt()).isEqualTo(ApiLevel.LEVEL);
        assertThat(JSON.readTree(ref.request("$JS.API.INFO", new byte[0], TIMEOUT)
                                .getData())
                        .path("api")
                        .path("level")
                        .asInt())
                .isGreaterThanOrEqualTo(1);
    }

    private static String fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>(n.propertyNames());
        return String.join(",", names);
    }

    private static String publish(Connection c, String subject, String ttl) throws Exception {
        Headers h = new Headers();
        if (ttl != null) {
            h.put("Nats-TTL", ttl);
        }
        Message reply = c.request(
                NatsMessage.builder()
                        .subject(subject)
                        .headers(h)
                        .data("x".getBytes(StandardCharsets.UTF_8))
                        .build(),
                TIMEOUT);
        return new String(reply.getData(), StandardCharsets.UTF_8);
    }

    private static String raw(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(m).as("answer to %s %s", subject, body).isNotNull();
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
