package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A mirror or source naming a durable pre-created on the origin ({@code consumer: {name, deliver_subject}},
 * nats-server 2.14+), on this broker and on {@code nats-server} 2.15.1 side by side: the durable is reset and bound
 * (messages, {@code Nats-Stream-Source} with {@code :C=<hash>}, the durable's ack floor advanced by flow-control
 * answers), a durable created only later, one with another ack policy (10214 / 10217 in the {@code mirror} /
 * {@code sources} block), one deleted and created again while the source runs, a second subscriber on its deliver
 * subject, and a restart of both servers (no gap, no duplicate). Both stores.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PreCreatedOriginConsumerDifferentialTest {

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

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void aSourceAndAMirrorRunThePreCreatedDurableAcrossARestart(String storage) throws Exception {
        List<Connection> both = servers();
        for (Connection c : both) {
            origin(c, storage);
            durable(c, "DS", "dlv.s", "flow_control");
            durable(c, "DM", "dlv.m", "flow_control");
            publish(c, 1, 3);
            create(
                    c,
                    "{\"name\":\"S\",\"storage\":\"" + storage + "\",\"sources\":[{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"DS\",\"deliver_subject\":\"dlv.s\"}}]}");
            create(
                    c,
                    "{\"name\":\"M\",\"storage\":\"" + storage + "\",\"mirror\":{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"DM\",\"deliver_subject\":\"dlv.m\"}}}");
            publish(c, 4, 6);
        }
        List<String> seen = new ArrayList<>();
        for (Connection c : both) {
            awaitMessages(c, "S", 6);
            awaitMessages(c, "M", 6);
            awaitAckFloor(c, "DS", 6);
            awaitAckFloor(c, "DM", 6);
            seen.add(contents(c, "S") + "\n" + contents(c, "M") + "\n" + blocks(c, "S") + "\n" + blocks(c, "M"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0)).contains("O:C=").contains("o.6|m6");
        if ("file".equals(storage)) {
            both = restart();
            List<String> after = new ArrayList<>();
            for (Connection c : both) {
                publish(c, 7, 9);
            }
            for (Connection c : both) {
                awaitMessages(c, "S", 9);
                awaitMessages(c, "M", 9);
                Thread.sleep(500);
                after.add(contents(c, "S") + "\n" + contents(c, "M"));
            }
            assertThat(after.get(1)).isEqualTo(after.get(0));
            for (int i = 1; i <= 9; i++) {
                assertThat(after.get(0)).containsOnlyOnce("o." + i + "|m" + i + "|O:C=");
            }
        }
    }

    @Test
    void aDurableCreatedOnlyLaterIsBoundOnceItExists() throws Exception {
        List<Connection> both = servers();
        for (Connection c : both) {
            origin(c, "memory");
            publish(c, 1, 3);
            create(
                    c,
                    "{\"name\":\"S\",\"storage\":\"memory\",\"sources\":[{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"LATER\",\"deliver_subject\":\"dlv.l\"}}]}");
            create(
                    c,
                    "{\"name\":\"M\",\"storage\":\"memory\",\"mirror\":{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"LATERM\",\"deliver_subject\":\"dlv.lm\"}}}");
        }
        // no answer to a reset of a durable that does not exist: nothing taken, no error shown
        Thread.sleep(6000);
        List<String> waiting = new ArrayList<>();
        for (Connection c : both) {
            waiting.add(messages(c, "S") + " " + messages(c, "M") + " " + blocks(c, "S") + " " + blocks(c, "M"));
        }
        assertThat(waiting.get(1)).isEqualTo(waiting.get(0));
        assertThat(waiting.get(0)).startsWith("0 0 ").doesNotContain("error");
        List<String> seen = new ArrayList<>();
        for (Connection c : both) {
            durable(c, "LATER", "dlv.l", "flow_control");
            durable(c, "LATERM", "dlv.lm", "flow_control");
        }
        for (Connection c : both) {
            awaitMessages(c, "S", 3);
            awaitMessages(c, "M", 3);
            seen.add(contents(c, "S") + "\n" + contents(c, "M") + "\n" + blocks(c, "S") + "\n" + blocks(c, "M"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }

    @Test
    void aDurableWithAnotherAckPolicyShowsTheServersError() throws Exception {
        List<Connection> both = servers();
        List<String> seen = new ArrayList<>();
        for (Connection c : both) {
            origin(c, "memory");
            durable(c, "XS", "dlv.xs", "explicit");
            durable(c, "XM", "dlv.xm", "none");
            publish(c, 1, 3);
            create(
                    c,
                    "{\"name\":\"S\",\"storage\":\"memory\",\"sources\":[{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"XS\",\"deliver_subject\":\"dlv.xs\"}}]}");
            create(
                    c,
                    "{\"name\":\"M\",\"storage\":\"memory\",\"mirror\":{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"XM\",\"deliver_subject\":\"dlv.xm\"}}}");
        }
        for (Connection c : both) {
            JsonNode[] errors = new JsonNode[2];
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (errors[0] == null) {
                            errors[0] = info(c, "S").path("sources").path(0).get("error");
                        }
                        if (errors[1] == null) {
                            errors[1] = info(c, "M").path("mirror").get("error");
                        }
                        return errors[0] != null && errors[1] != null;
                    });
            seen.add(errors[0] + " " + errors[1] + " " + messages(c, "S") + " " + messages(c, "M"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0)).contains("10217").contains("10214").endsWith(" 0 0");
    }

    @Test
    void aDurableDeletedAndCreatedAgainWhileRunning() throws Exception {
        List<Connection> both = servers();
        for (Connection c : both) {
            origin(c, "file");
            durable(c, "D", "dlv.d", "flow_control");
            create(
                    c,
                    "{\"name\":\"S\",\"sources\":[{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"D\",\"deliver_subject\":\"dlv.d\"}}]}");
            publish(c, 1, 3);
        }
        for (Connection c : both) {
            awaitMessages(c, "S", 3);
            awaitAckFloor(c, "D", 3);
            request(c, "$JS.API.CONSUMER.DELETE.O.D", "");
            publish(c, 4, 6);
        }
        Thread.sleep(2000);
        List<String> seen = new ArrayList<>();
        for (Connection c : both) {
            // created again from the start of the origin: what was taken already is not stored twice
            durable(c, "D", "dlv.d", "flow_control");
            publish(c, 7, 8);
        }
        for (Connection c : both) {
            awaitMessages(c, "S", 8);
            Thread.sleep(1500);
            seen.add(contents(c, "S") + "\n" + blocks(c, "S"));
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }

    /**
     * A plain subscriber on the durable's deliver subject gets the messages too (push delivery to a subject); how
     * often depends on nats-server's timing of its resets (a reset redelivers from the ack floor to every
     * subscriber), so only which messages it saw is compared, and what the source stored.
     */
    @Test
    void anotherSubscriberOnTheDeliverSubjectAlsoGetsTheMessages() throws Exception {
        List<Connection> both = servers();
        List<String> seen = new ArrayList<>();
        for (Connection c : both) {
            origin(c, "memory");
            durable(c, "D", "dlv.d", "flow_control");
            Subscription other = c.subscribe("dlv.d");
            c.flush(Duration.ofSeconds(2));
            create(
                    c,
                    "{\"name\":\"S\",\"storage\":\"memory\",\"sources\":[{\"name\":\"O\","
                            + "\"consumer\":{\"name\":\"D\",\"deliver_subject\":\"dlv.d\"}}]}");
            publish(c, 1, 4);
            awaitMessages(c, "S", 4);
            publish(c, 5, 6);
            awaitMessages(c, "S", 6);
            java.util.Set<String> got = new java.util.TreeSet<>();
            // heartbeats keep coming: read for a bounded time
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            Message m;
            while (System.nanoTime() < until && (m = other.nextMessage(Duration.ofMillis(500))) != null) {
                if (!m.isStatusMessage() && m.getData().length > 0) {
                    got.add(m.getSubject() + "|" + new String(m.getData(), StandardCharsets.UTF_8));
                }
            }
            other.unsubscribe();
            seen.add(contents(c, "S") + "\n" + got);
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0)).contains("[o.1|m1, o.2|m2, o.3|m3, o.4|m4, o.5|m5, o.6|m6]");
    }

    // ---- helpers

    private List<Connection> servers() throws Exception {
        pair = new RestartableServerPair(dir);
        return pair.start();
    }

    private List<Connection> restart() throws Exception {
        return pair.restart();
    }

    private static void origin(Connection c, String storage) throws Exception {
        create(c, "{\"name\":\"O\",\"subjects\":[\"o.>\"],\"storage\":\"" + storage + "\"}");
    }

    private static void durable(Connection c, String name, String deliver, String ackPolicy) throws Exception {
        JsonNode a = request(
                c,
                "$JS.API.CONSUMER.CREATE.O." + name,
                "{\"stream_name\":\"O\",\"config\":{\"durable_name\":\"" + name + "\",\"deliver_subject\":\"" + deliver
                        + "\",\"ack_policy\":\"" + ackPolicy + "\"}}");
        assertThat(a.has("error")).as("%s", a).isFalse();
    }

    private static void create(Connection c, String body) throws Exception {
        String name = JSON.readTree(body).path("name").asString();
        JsonNode a = request(c, "$JS.API.STREAM.CREATE." + name, body);
        assertThat(a.has("error")).as("%s", a).isFalse();
    }

    private static void publish(Connection c, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            Message ack = c.request("o." + i, ("m" + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertThat(ack).isNotNull();
        }
    }

    private void awaitMessages(Connection c, String stream, long n) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(c, stream) >= n);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(label(c) + ": " + stream + " has " + messages(c, stream) + " of " + n + ", "
                    + info(c, stream).path("sources") + info(c, stream).path("mirror"));
        }
    }

    private void awaitAckFloor(Connection c, String consumer, long seq) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> request(c, "$JS.API.CONSUMER.INFO.O." + consumer, "")
                                    .path("ack_floor")
                                    .path("stream_seq")
                                    .asLong()
                            >= seq);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(label(c) + ": " + request(c, "$JS.API.CONSUMER.INFO.O." + consumer, ""), e);
        }
    }

    private static JsonNode info(Connection c, String stream) throws Exception {
        return request(c, "$JS.API.STREAM.INFO." + stream, "");
    }

    private static long messages(Connection c, String stream) throws Exception {
        return info(c, stream).path("state").path("messages").asLong();
    }

    /** The {@code mirror} / {@code sources} blocks of stream info without {@code active} (a time). */
    private static String blocks(Connection c, String stream) throws Exception {
        JsonNode i = info(c, stream);
        List<String> out = new ArrayList<>();
        if (i.has("mirror")) {
            out.add("mirror=" + strip(i.get("mirror")));
        }
        for (JsonNode s : i.path("sources")) {
            out.add("source=" + strip(s));
        }
        return String.join(" ", out);
    }

    private static JsonNode strip(JsonNode n) {
        ObjectNode o = ((ObjectNode) n).deepCopy();
        o.remove("active");
        return o;
    }

    /**
     * Every stored message: sequence, subject, payload and {@code Nats-Stream-Source} without its sixth field (the
     * origin's identity, a hash of its creation time that differs between the two servers).
     */
    private static String contents(Connection c, String stream) throws Exception {
        JsonNode state = info(c, stream).path("state");
        StringBuilder b = new StringBuilder();
        for (long seq = state.path("first_seq").asLong();
                seq <= state.path("last_seq").asLong();
                seq++) {
            JsonNode m = request(c, "$JS.API.STREAM.MSG.GET." + stream, "{\"seq\":" + seq + "}")
                    .get("message");
            if (m == null) {
                b.append(seq).append(":-\n");
                continue;
            }
            String hdrs = new String(Base64.getDecoder().decode(m.path("hdrs").asString("")), StandardCharsets.UTF_8);
            String source = "";
            for (String line : hdrs.split("\r\n")) {
                if (line.startsWith("Nats-Stream-Source:")) {
                    String[] f = line.substring(line.indexOf(':') + 1).trim().split(" ");
                    source = String.join(" ", java.util.Arrays.copyOf(f, Math.min(5, f.length)));
                }
            }
            b.append(seq)
                    .append(':')
                    .append(m.path("subject").asString())
                    .append('|')
                    .append(new String(Base64.getDecoder().decode(m.path("data").asString("")), StandardCharsets.UTF_8))
                    .append('|')
                    .append(source)
                    .append('\n');
        }
        return b.toString();
    }

    private static JsonNode request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));
        assertThat(m).as("answer to %s %s", subject, body).isNotNull();
        return JSON.readTree(m.getData());
    }

    private String label(Connection c) {
        return pair.label(c);
    }
}
