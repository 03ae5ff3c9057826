package io.natsspring.broker.internal.jetstream.replication;

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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same mirror / source / republish / transform scenario on this broker and on {@code nats-server} 2.15: equal
 * stream configs as echoed, the same {@code mirror}/{@code sources} info fields, the same stored headers and the
 * same errors for invalid configurations. Skipped without the reference binary ({@code $NATS_SERVER_215_BIN} or
 * {@code /opt/nats/2.15.1/usr/sbin/nats-server}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicationDifferentialTest {

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

    @Test
    void invalidConfigurationsGetTheServersErrors() throws Exception {
        String[] bodies = {
            "{\"name\":\"E1\",\"subjects\":[\"e1\"],\"mirror\":{\"name\":\"O\"}}",
            "{\"name\":\"E2\",\"mirror\":{\"name\":\"O\"},\"sources\":[{\"name\":\"O\"}]}",
            "{\"name\":\"E3\",\"mirror\":{\"name\":\"O\"},\"first_seq\":5}",
            "{\"name\":\"E4\",\"mirror\":{\"name\":\"O.x\"}}",
            "{\"name\":\"E5\",\"sources\":[{\"name\":\"O\"},{\"name\":\"O\"}]}",
            "{\"name\":\"E6\",\"sources\":[{\"name\":\"\"}]}",
            "{\"name\":\"E7\",\"sources\":[{\"name\":\"O\",\"filter_subject\":\"o.a\","
                    + "\"subject_transforms\":[{\"src\":\"o.b\",\"dest\":\"x\"}]}]}",
            "{\"name\":\"E8\",\"mirror\":{\"name\":\"O\",\"filter_subject\":\"o.a\","
                    + "\"subject_transforms\":[{\"src\":\"o.b\",\"dest\":\"x\"}]}}",
            "{\"name\":\"E9\",\"subjects\":[\"r.>\"],\"republish\":{\"src\":\"r.>\",\"dest\":\"r.x.>\"}}",
            "{\"name\":\"E10\",\"mirror\":{\"name\":\"O\",\"subject_transforms\":[{\"src\":\"o.*\",\"dest\":\"x\"},"
                    + "{\"src\":\"o.a\",\"dest\":\"y\"}]}}",
            "{\"name\":\"E11\",\"sources\":[{\"name\":\"O\",\"external\":{\"api\":\"$JS.API\",\"deliver\":\"\"}}]}",
            "{\"name\":\"E12\",\"sources\":[{\"name\":\"O\",\"external\":{\"api\":\"x\",\"deliver\":\"d.*\"}}]}",
            "{\"name\":\"E13\",\"sources\":[{\"name\":\"E13\"}],\"subjects\":[\"e13\"]}",
        };
        List<String> differences = new ArrayList<>();
        for (String body : bodies) {
            String name = JSON.readTree(body).get("name").asString();
            String expected = raw(ref, "$JS.API.STREAM.CREATE." + name, body);
            String actual = raw(ours, "$JS.API.STREAM.CREATE." + name, body);
            if (!JSON.readTree(expected).has("error") || !expected.equals(actual)) {
                differences.add(body + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void preCreatedOriginConsumerChecksGetTheServersErrors() throws Exception {
        String ok = "\"consumer\":{\"name\":\"D\",\"deliver_subject\":\"dlv.d\"}";
        String[] bodies = {
            "{\"name\":\"P1\",\"mirror\":{\"name\":\"O\",\"consumer\":{}}}",
            "{\"name\":\"P2\",\"mirror\":{\"name\":\"O\",\"consumer\":{\"name\":\"a.b\",\"deliver_subject\":\"d\"}}}",
            "{\"name\":\"P3\",\"mirror\":{\"name\":\"O\",\"consumer\":{\"name\":\"D\",\"deliver_subject\":\"d.*\"}}}",
            "{\"name\":\"P4\",\"mirror\":{\"name\":\"O\",\"opt_start_seq\":3," + ok + "}}",
            "{\"name\":\"P5\",\"mirror\":{\"name\":\"O\",\"filter_subject\":\"o.a\"," + ok + "}}",
            "{\"name\":\"P6\",\"sources\":[{\"name\":\"O\",\"consumer\":{\"name\":\"D\"}}]}",
            "{\"name\":\"P7\",\"sources\":[{\"name\":\"O\",\"consumer\":{\"name\":\"a/b\",\"deliver_subject\":\"d\"}}]}",
            "{\"name\":\"P8\",\"sources\":[{\"name\":\"O\",\"opt_start_time\":\"2026-01-01T00:00:00Z\"," + ok + "}]}",
            "{\"name\":\"P9\",\"sources\":[{\"name\":\"O\",\"filter_subject\":\"o.a\"," + ok + "}]}",
            "{\"name\":\"P10\",\"sources\":[{\"name\":\"O\",\"subject_transforms\":[{\"src\":\"o.a\",\"dest\":\"\"}],"
                    + ok + "},{\"name\":\"O\",\"subject_transforms\":[{\"src\":\"o.b\",\"dest\":\"\"}]," + ok
                    + "}]}",
        };
        List<String> differences = new ArrayList<>();
        for (String body : bodies) {
            String name = JSON.readTree(body).get("name").asString();
            String expected = raw(ref, "$JS.API.STREAM.CREATE." + name, body);
            String actual = raw(ours, "$JS.API.STREAM.CREATE." + name, body);
            if (!JSON.readTree(expected).has("error") || !expected.equals(actual)) {
                differences.add(body + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();

        // a valid one: both take it (PreCreatedOriginConsumerDifferentialTest runs such sources)
        String valid = "{\"name\":\"P11\",\"sources\":[{\"name\":\"O\"," + ok + "}]}";
        JsonNode expected = configOf(raw(ref, "$JS.API.STREAM.CREATE.P11", valid));
        JsonNode actual = configOf(raw(ours, "$JS.API.STREAM.CREATE.P11", valid));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.path("sources").path(0).path("consumer").path("name").asString())
                .isEqualTo("D");
    }

    @Test
    void mirrorsAndSourcesLookTheSame() throws Exception {
        String[] creates = {
            "{\"name\":\"DO\",\"subjects\":[\"do.>\"],\"allow_direct\":true}",
            "{\"name\":\"DM\",\"mirror\":{\"name\":\"DO\",\"filter_subject\":\"do.a\"}}",
            "{\"name\":\"DS\",\"sources\":[{\"name\":\"DO\",\"subject_transforms\":[{\"src\":\"do.*\","
                    + "\"dest\":\"ds.{{wildcard(1)}}\"}]},{\"name\":\"DO\",\"filter_subject\":\"do.a\"}]}",
            "{\"name\":\"DR\",\"subjects\":[\"dr.*\"],\"subject_transform\":{\"src\":\"dr.*\",\"dest\":\"drt.$1\"},"
                    + "\"republish\":{\"src\":\"drt.>\",\"dest\":\"drp.>\",\"headers_only\":true}}",
        };
        List<String> differences = new ArrayList<>();
        for (String body : creates) {
            String name = JSON.readTree(body).get("name").asString();
            JsonNode expected = configOf(raw(ref, "$JS.API.STREAM.CREATE." + name, body));
            JsonNode actual = configOf(raw(ours, "$JS.API.STREAM.CREATE." + name, body));
            if (!expected.equals(actual)) {
                differences.add(body + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
        for (Connection c : List.of(ref, ours)) {
            Headers h = new Headers().add("Nats-Msg-Id", "id-1").add("Nats-Expected-Stream", "DO");
            c.request(NatsMessage.builder().subject("do.a").headers(h).data("1").build(), Duration.ofSeconds(5));
            c.request("do.b", "2".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            c.request("dr.x", "345".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        }
        for (Connection c : List.of(ref, ours)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> info(c, "DS").path("state").path("messages").asLong() == 3
                            && info(c, "DM").path("state").path("messages").asLong() == 1);
        }
        assertThat(sourceInfoShape(info(ours, "DM").get("mirror")))
                .isEqualTo(sourceInfoShape(info(ref, "DM").get("mirror")));
        assertThat(sourceInfoShape(info(ours, "DS").get("sources")))
                .isEqualTo(sourceInfoShape(info(ref, "DS").get("sources")));
        // two sources interleave in arrival order: compare the stored messages as a set
        List<String> expectedDs = new ArrayList<>();
        List<String> actualDs = new ArrayList<>();
        for (int seq = 1; seq <= 3; seq++) {
            expectedDs.add(stored(ref, "DS", seq).toString());
            actualDs.add(stored(ours, "DS", seq).toString());
        }
        assertThat(actualDs).containsExactlyInAnyOrderElementsOf(expectedDs);
        assertThat(stored(ours, "DM", 1)).isEqualTo(stored(ref, "DM", 1));
        assertThat(stored(ours, "DR", 1)).isEqualTo(stored(ref, "DR", 1));
    }

    /** Subject, headers (as a sorted map; the source header's order of sources may differ) and data. */
    private static Map<String, String> stored(Connection c, String stream, long seq) throws Exception {
        JsonNode m = JSON.readTree(raw(c, "$JS.API.STREAM.MSG.GET." + stream, "{\"seq\":" + seq + "}"))
                .get("message");
        Map<String, String> out = new TreeMap<>();
        out.put("subject", m.path("subject").asString());
        out.put("data", m.path("data").asString(""));
        if (m.has("hdrs")) {
            String hdrs = new String(Base64.getDecoder().decode(m.get("hdrs").asString()), StandardCharsets.UTF_8);
            for (String line : hdrs.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String value = line.substring(colon + 1).trim();
                    if (line.startsWith("Nats-Stream-Source:") && value.split(" ").length > 5) {
                        // the origin's identity (hash of its creation time) differs between the two servers
                        value = value.substring(0, value.lastIndexOf(' '));
                    }
                    out.put(line.substring(0, colon), value);
                }
            }
        }
        return out;
    }

    /** Field names and values of source infos, with the times ({@code active}) reduced to their sign. */
    private static String sourceInfoShape(JsonNode n) {
        JsonNode copy = n.deepCopy();
        List<ObjectNode> objects = new ArrayList<>();
        if (copy.isArray()) {
            copy.forEach(e -> objects.add((ObjectNode) e));
        } else {
            objects.add((ObjectNode) copy);
        }
        List<String> shapes = new ArrayList<>();
        for (ObjectNode o : objects) {
            o.put("active", o.path("active").asLong() >= 0 ? "seen" : "never");
            shapes.add(o.toString());
        }
        // nats-server lists sources in map order: compare them as a set
        shapes.sort(null);
        return String.join(",", shapes);
    }

    private static JsonNode info(Connection c, String stream) throws Exception {
        return JSON.readTree(raw(c, "$JS.API.STREAM.INFO." + stream, ""));
    }

    private static JsonNode configOf(String answer) throws Exception {
        JsonNode n = JSON.readTree(answer);
        assertThat(n.has("error")).as(answer).isFalse();
        // API level metadata (ADR-44) is another feature's; compare the rest.
        ObjectNode config = (ObjectNode) n.get("config");
        config.remove("metadata");
        return config;
    }

    private static String raw(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertThat(m).as("answer to %s %s", subject, body).isNotNull();
        return new String(m.getData(), StandardCharsets.UTF_8);
    }
}
