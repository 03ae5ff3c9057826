package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ADR-60 (nats-server 2.14) and the 2.15 sourcing state, on this broker and on {@code nats-server} 2.15.1 side by
 * side: {@code ack_policy: flow_control} (config rules and errors 10218–10222, forced defaults, acknowledgement by
 * the {@code Nats-Last-Stream}/{@code Nats-Last-Consumer} headers of flow-control answers, plain acks ignored);
 * sourcing a work-queue or interest stream through the durable {@code JS_SRC_<hash>} consumer the origin keeps
 * (origin emptied, every message once, across a restart of the server); and a source's position surviving a purge of
 * every sourced message and a restart. Both stores.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DurableSourcingDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private RestartableServerPair pair;

    @AfterEach
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /** The reference server (restartable) and this broker, each with its store under {@link #dir}. */
    private List<Connection> servers() throws Exception {
        pair = new RestartableServerPair(dir);
        return pair.start();
    }

    /** Restarts both servers on their stores; the new connections, reference first. */
    private List<Connection> restart() throws Exception {
        return pair.restart();
    }

    @Test
    void flowControlAckPolicyRulesAndDefaults() throws Exception {
        List<Connection> both = servers();
        String[] configs = {
            "{\"durable_name\":\"P\",\"ack_policy\":\"flow_control\"}",
            "{\"durable_name\":\"W\",\"deliver_subject\":\"d.w\",\"ack_policy\":\"flow_control\",\"ack_wait\":5000000000}",
            "{\"durable_name\":\"B\",\"deliver_subject\":\"d.b\",\"ack_policy\":\"flow_control\",\"backoff\":[1000000000]}",
            "{\"durable_name\":\"M\",\"deliver_subject\":\"d.m\",\"ack_policy\":\"flow_control\",\"max_deliver\":5}",
            "{\"durable_name\":\"A\",\"deliver_subject\":\"d.a\",\"ack_policy\":\"flow_control\",\"max_ack_pending\":-1}",
            "{\"durable_name\":\"OK\",\"deliver_subject\":\"d.ok\",\"ack_policy\":\"flow_control\",\"idle_heartbeat\":5000000000}",
            "{\"durable_name\":\"OK\",\"deliver_subject\":\"d.ok\",\"ack_policy\":\"explicit\"}",
            "{\"durable_name\":\"X\",\"deliver_subject\":\"d.x\",\"ack_policy\":\"flow_contrl\"}",
        };
        List<List<String>> seen = new ArrayList<>();
        for (Connection c : both) {
            List<String> answers = new ArrayList<>();
            request(c, "$JS.API.STREAM.CREATE.FCR", "{\"name\":\"FCR\",\"subjects\":[\"fcr.>\"]}");
            request(
                    c,
                    "$JS.API.STREAM.CREATE.FCQ",
                    "{\"name\":\"FCQ\",\"subjects\":[\"fcq.>\"],\"retention\":\"workqueue\"}");
            for (String cfg : configs) {
                String name = JSON.readTree(cfg).path("durable_name").asString();
                JsonNode a = request(
                        c, "$JS.API.CONSUMER.CREATE.FCR." + name, "{\"stream_name\":\"FCR\",\"config\":" + cfg + "}");
                answers.add(a.has("error") ? a.get("error").toString() : shape(a.get("config")));
            }
            JsonNode wq = request(
                    c,
                    "$JS.API.CONSUMER.CREATE.FCQ.Q",
                    "{\"stream_name\":\"FCQ\",\"config\":{\"durable_name\":\"Q\",\"deliver_subject\":\"d.q\","
                            + "\"ack_policy\":\"flow_control\"}}");
            answers.add(wq.has("error") ? wq.get("error").toString() : shape(wq.get("config")));
            seen.add(answers);
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0).get(0)).contains("10218");
        assertThat(seen.get(0).get(1)).contains("10221");
        assertThat(seen.get(0).get(2)).contains("10221");
        assertThat(seen.get(0).get(3)).contains("10222");
        assertThat(seen.get(0).get(4)).contains("10220");
        assertThat(seen.get(0).get(5)).contains("ack_policy=flow_control").contains("idle_heartbeat=1000000000");
        assertThat(seen.get(0).get(6)).contains("ack policy can not be updated");
    }

    /** The configuration fields ADR-60 is about, in a fixed order. */
    private static String shape(JsonNode cfg) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : new String[] {
            "durable_name",
            "ack_policy",
            "ack_wait",
            "max_deliver",
            "max_ack_pending",
            "flow_control",
            "idle_heartbeat",
            "inactive_threshold",
            "direct",
            "sourcing",
            "deliver_policy",
            "opt_start_seq"
        }) {
            m.put(f, cfg.has(f) ? cfg.get(f).toString() : "-");
        }
        m.put("req.level", cfg.path("metadata").path("_nats.req.level").asString("-"));
        return m.toString().replace("\"", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void flowControlAnswersAcknowledgeAndPlainAcksDoNot(String storage) throws Exception {
        List<Connection> both = servers();
        List<String> seen = new ArrayList<>();
        for (Connection c : both) {
            request(
                    c,
                    "$JS.API.STREAM.CREATE.FCA",
                    "{\"name\":\"FCA\",\"subjects\":[\"fca.>\"],\"retention\":\"workqueue\",\"storage\":\"" + storage
                            + "\"}");
            Subscription sub = c.subscribe("deliver.fca");
            c.flush(Duration.ofSeconds(2));
            request(
                    c,
                    "$JS.API.CONSUMER.CREATE.FCA.C",
                    "{\"stream_name\":\"FCA\",\"config\":{\"durable_name\":\"C\",\"deliver_subject\":\"deliver.fca\","
                            + "\"ack_policy\":\"flow_control\"}}");
            for (int i = 1; i <= 5; i++) {
                c.request("fca." + i, ("m" + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            }
            List<Message> data = new ArrayList<>();
            while (data.size() < 5) {
                Message m = sub.nextMessage(Duration.ofSeconds(5));
                assertThat(m).as("delivery %d", data.size() + 1).isNotNull();
                if (!m.isStatusMessage()) {
                    data.add(m);
                }
            }
            // a plain ack is not listened to
            data.get(4).ack();
            c.flush(Duration.ofSeconds(2));
            // idle with 5 pending: a flow-control request comes with the heartbeat; acknowledge up to the third
            Message fc = nextFlowControl(sub);
            c.publish(NatsMessage.builder()
                    .subject(fc.getReplyTo())
                    .headers(new Headers().add("Nats-Last-Consumer", "3").add("Nats-Last-Stream", "3"))
                    .build());
            c.flush(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> info(c, "FCA", "C").path("num_ack_pending").asLong() == 2);
            JsonNode ci = info(c, "FCA", "C");
            seen.add("floor=" + ci.path("ack_floor").path("stream_seq") + "/"
                    + ci.path("ack_floor").path("consumer_seq") + " pending=" + ci.path("num_ack_pending")
                    + " redelivered=" + ci.path("num_redelivered") + " msgs="
                    + request(c, "$JS.API.STREAM.INFO.FCA", "").path("state").path("messages"));
            // an empty answer only releases the stall; the next request is answered with everything
            Message fc2 = nextFlowControl(sub);
            c.publish(fc2.getReplyTo(), new byte[0]);
            Message fc3 = nextFlowControl(sub);
            c.publish(NatsMessage.builder()
                    .subject(fc3.getReplyTo())
                    .headers(new Headers().add("Nats-Last-Consumer", "5").add("Nats-Last-Stream", "5"))
                    .build());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> request(c, "$JS.API.STREAM.INFO.FCA", "")
                                    .path("state")
                                    .path("messages")
                                    .asLong()
                            == 0);
            ci = info(c, "FCA", "C");
            seen.add("floor=" + ci.path("ack_floor").path("stream_seq") + " pending=" + ci.path("num_ack_pending"));
            sub.unsubscribe();
        }
        assertThat(seen.subList(2, 4)).isEqualTo(seen.subList(0, 2));
        assertThat(seen.get(0)).isEqualTo("floor=3/3 pending=2 redelivered=0 msgs=2");
    }

    private static Message nextFlowControl(Subscription sub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Message m = sub.nextMessage(Duration.ofSeconds(3));
            if (m != null
                    && m.isStatusMessage()
                    && m.getReplyTo() != null
                    && !m.getReplyTo().isEmpty()) {
                return m;
            }
        }
        throw new AssertionError("no flow-control request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void workQueueAndInterestOriginsAreSourcedThroughADurable(String storage) throws Exception {
        List<Connection> both = servers();
        for (Connection c : both) {
            for (String retention : new String[] {"workqueue", "interest"}) {
                String origin = "O_" + retention;
                request(
                        c,
                        "$JS.API.STREAM.CREATE." + origin,
                        "{\"name\":\"" + origin + "\",\"subjects\":[\"" + retention + ".>\"],\"retention\":\""
                                + retention + "\",\"storage\":\"" + storage + "\"}");
                String target = "T_" + retention;
                request(
                        c,
                        "$JS.API.STREAM.CREATE." + target,
                        "{\"name\":\"" + target + "\",\"storage\":\"" + storage + "\",\"sources\":[{\"name\":\""
                                + origin + "\"}]}");
                // an interest stream keeps nothing nobody wants: wait for the source's consumer
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> request(c, "$JS.API.STREAM.INFO." + origin, "")
                                        .path("state")
                                        .path("consumer_count")
                                        .asLong()
                                >= 1);
                for (int i = 1; i <= 10; i++) {
                    c.publish(retention + "." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        List<String> shapes = new ArrayList<>();
        for (Connection c : both) {
            for (String retention : new String[] {"workqueue", "interest"}) {
                awaitSourced(c, "T_" + retention, "O_" + retention, 10);
                JsonNode list = request(c, "$JS.API.CONSUMER.LIST.O_" + retention, "");
                StringBuilder b = new StringBuilder(retention).append(':');
                for (JsonNode ci : list.path("consumers")) {
                    b.append(ci.path("name").asString()).append(' ').append(shape(ci.path("config")));
                    b.append(" md=")
                            .append(ci.path("config")
                                    .path("metadata")
                                    .path("_nats.src.stream")
                                    .asString());
                    b.append('/')
                            .append(ci.path("config")
                                    .path("metadata")
                                    .path("_nats.src.acc")
                                    .asString());
                }
                shapes.add(b.toString());
            }
        }
        String expected = "JS_SRC_" + StreamSource.hash(StreamSource.hash("T_workqueue $G"));
        assertThat(shapes.get(0)).startsWith("workqueue:" + expected + " ");
        assertThat(shapes.get(0)).contains("ack_policy=flow_control").contains("sourcing=true");
        assertThat(shapes.subList(2, 4)).isEqualTo(shapes.subList(0, 2));

        if (!"file".equals(storage)) {
            return;
        }
        // the sourcing server goes away and comes back: messages published meanwhile arrive once, none is lost
        both = restart();
        for (Connection c : both) {
            for (String retention : new String[] {"workqueue", "interest"}) {
                for (int i = 11; i <= 20; i++) {
                    c.publish(retention + "." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        for (Connection c : both) {
            for (String retention : new String[] {"workqueue", "interest"}) {
                awaitSourced(c, "T_" + retention, "O_" + retention, 20);
            }
        }
    }

    /**
     * Waits until {@code target} holds {@code n} messages and {@code origin} none, then checks that every origin
     * sequence 1..n arrived once.
     */
    private void awaitSourced(Connection c, String target, String origin, int n) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(c, target) >= n && messages(c, origin) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    label(c) + " " + c.getConnectedUrl() + ": " + target + " has " + messages(c, target) + " of " + n
                            + ", " + origin + " "
                            + request(c, "$JS.API.STREAM.INFO." + origin, "").path("state") + " "
                            + request(c, "$JS.API.STREAM.INFO." + target, "").path("sources") + " "
                            + request(c, "$JS.API.CONSUMER.LIST." + origin, ""));
        }
        Thread.sleep(300);
        assertThat(messages(c, target))
                .as("%s on %s", target, c.getConnectedUrl())
                .isEqualTo(n);
        Set<String> origins = new HashSet<>();
        for (int seq = 1; seq <= n; seq++) {
            origins.add(sourceHeader(c, target, seq).split(" ")[1]);
        }
        assertThat(origins).hasSize(n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void aSourcesPositionSurvivesPurgingEverySourcedMessage(String storage) throws Exception {
        List<Connection> both = servers();
        for (Connection c : both) {
            request(
                    c,
                    "$JS.API.STREAM.CREATE.PO",
                    "{\"name\":\"PO\",\"subjects\":[\"po.>\"],\"storage\":\"" + storage + "\"}");
            request(
                    c,
                    "$JS.API.STREAM.CREATE.PT",
                    "{\"name\":\"PT\",\"storage\":\"" + storage + "\",\"sources\":[{\"name\":\"PO\"}]}");
            for (int i = 1; i <= 5; i++) {
                c.request("po." + i, ("m" + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            }
        }
        for (Connection c : both) {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(c, "PT") == 5);
            request(c, "$JS.API.STREAM.PURGE.PT", "");
            assertThat(messages(c, "PT")).isZero();
        }
        if ("file".equals(storage)) {
            // a file stream's position also survives a restart with nothing of the source left in it
            Thread.sleep(1500);
            both = restart();
        }
        List<String> seen = new ArrayList<>();
        for (Connection c : both) {
            for (int i = 6; i <= 8; i++) {
                c.request("po." + i, ("m" + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            }
        }
        for (Connection c : both) {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(c, "PT") >= 3);
            Thread.sleep(1500);
            JsonNode state = request(c, "$JS.API.STREAM.INFO.PT", "").path("state");
            List<String> origins = new ArrayList<>();
            for (long seq = state.path("first_seq").asLong();
                    seq <= state.path("last_seq").asLong();
                    seq++) {
                origins.add(sourceHeader(c, "PT", seq).split(" ")[1]);
            }
            seen.add(state.path("messages") + " " + origins);
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0)).isEqualTo("3 [6, 7, 8]");
    }

    private static JsonNode info(Connection c, String stream, String consumer) throws Exception {
        return request(c, "$JS.API.CONSUMER.INFO." + stream + "." + consumer, "");
    }

    private static long messages(Connection c, String stream) throws Exception {
        return request(c, "$JS.API.STREAM.INFO." + stream, "")
                .path("state")
                .path("messages")
                .asLong();
    }

    private static String sourceHeader(Connection c, String stream, long seq) throws Exception {
        JsonNode m = request(c, "$JS.API.STREAM.MSG.GET." + stream, "{\"seq\":" + seq + "}")
                .get("message");
        assertThat(m).as("message %d of %s", seq, stream).isNotNull();
        String hdrs = new String(Base64.getDecoder().decode(m.path("hdrs").asString("")), StandardCharsets.UTF_8);
        for (String line : hdrs.split("\r\n")) {
            if (line.startsWith("Nats-Stream-Source:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "";
    }

    private static JsonNode request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));
        assertThat(m).as("answer to %s %s", subject, body).isNotNull();
        return JSON.readTree(m.getData());
    }

    /** Which server a connection talks to, for failure messages. */
    private String label(Connection c) {
        return pair.label(c);
    }
}
