package io.natsspring.broker.internal.jetstream.priority;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;
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
 * Priority groups (ADR-42), {@code CONSUMER.UNPIN}, {@code CONSUMER.RESET} and the pinned/unpinned advisories and
 * ack metric on this broker and on {@code nats-server} 2.15 side by side: the same requests must get the same
 * answers (errors byte for byte, status lines of pull requests, the fields of infos and advisories). Skipped
 * without the reference binary.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PriorityGroupsDifferentialTest {

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

    // ---- configuration

    @Test
    void configRulesMatch() throws Exception {
        both(c -> raw(c, "$JS.API.STREAM.CREATE.CFG", "{\"name\":\"CFG\",\"subjects\":[\"cfg.>\"]}"));
        String[] configs = {
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"pinned_client\"}",
            "{\"ack_policy\":\"explicit\",\"priority_groups\":[\"A\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"none\",\"priority_groups\":[\"A\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_timeout\":1000000000}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"overflow\",\"priority_groups\":[\"\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"overflow\",\"priority_groups\":[\"a.b\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"overflow\",\"priority_groups\":[\"abcdefghijklmnopq\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"fancy\",\"priority_groups\":[\"A\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":7,\"priority_groups\":[\"A\"]}",
            "{\"ack_policy\":\"explicit\",\"deliver_subject\":\"push.x\",\"priority_policy\":\"overflow\","
                    + "\"priority_groups\":[\"A\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"pinned_client\",\"priority_groups\":[\"A\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"pinned_client\",\"priority_groups\":[\"A\",\"b-2\"],"
                    + "\"priority_timeout\":5000000000}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"pinned_client\",\"priority_groups\":[\"A\"],"
                    + "\"priority_timeout\":-5}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"overflow\",\"priority_groups\":[\"A/=_-9\"],"
                    + "\"priority_timeout\":2000000000}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"prioritized\",\"priority_groups\":[\"A\"]}",
            "{\"ack_policy\":\"explicit\",\"priority_policy\":\"none\"}",
        };
        List<String> differences = new ArrayList<>();
        int i = 0;
        for (String config : configs) {
            String name = "C" + i++;
            String body = "{\"stream_name\":\"CFG\",\"config\":"
                    + config.replace("{", "{\"durable_name\":\"" + name + "\",") + "}";
            String subject = "$JS.API.CONSUMER.CREATE.CFG." + name;
            String e = raw(ref, subject, body);
            String a = raw(ours, subject, body);
            JsonNode en = JSON.readTree(e);
            JsonNode an = JSON.readTree(a);
            boolean same;
            if (en.has("error")) {
                same = e.equals(a);
            } else {
                same = !an.has("error")
                        && priorityFields(en.path("config")).equals(priorityFields(an.path("config")))
                        && en.path("priority_groups")
                                .toString()
                                .equals(an.path("priority_groups").toString());
            }
            if (!same) {
                differences.add(body + "\n  nats-server: " + e + "\n  broker:      " + a);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    private static String priorityFields(JsonNode config) {
        ObjectNode o = JSON.createObjectNode();
        for (String f : new String[] {"priority_policy", "priority_groups", "priority_timeout"}) {
            if (config.has(f)) {
                o.set(f, config.get(f));
            }
        }
        return o.toString();
    }

    // ---- pull requests

    @Test
    void pullRequestChecksMatch() throws Exception {
        both(c -> raw(c, "$JS.API.STREAM.CREATE.REQ", "{\"name\":\"REQ\",\"subjects\":[\"req.>\"]}"));
        both(c -> createConsumer(c, "REQ", "OV", "\"priority_policy\":\"overflow\",\"priority_groups\":[\"A\"]"));
        both(c -> createConsumer(c, "REQ", "PIN", "\"priority_policy\":\"pinned_client\",\"priority_groups\":[\"A\"]"));
        both(c -> createConsumer(c, "REQ", "PRI", "\"priority_policy\":\"prioritized\",\"priority_groups\":[\"A\"]"));
        both(c -> createConsumer(c, "REQ", "PLAIN", null));
        String[][] cases = {
            {"OV", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"id\":\"X\"}"},
            {"OV", "{\"batch\":1,\"expires\":300000000}"},
            {"OV", "{\"batch\":1,\"expires\":300000000,\"group\":\"B\"}"},
            {"OV", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"priority\":3}"},
            {"PIN", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"min_pending\":2}"},
            {"PIN", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"min_ack_pending\":2}"},
            {"PIN", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"id\":\"NOT-PINNED\"}"},
            {"PRI", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"priority\":10}"},
            {"PRI", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"priority\":-1}"},
            {"PRI", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"priority\":9}"},
            {"PLAIN", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\"}"},
            {"PLAIN", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"min_pending\":1}"},
            {"PLAIN", "{\"batch\":1,\"expires\":300000000,\"group\":\"A\",\"priority\":1}"},
            {"PLAIN", "{\"batch\":1,\"expires\":300000000,\"group\":5}"},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String e = String.join(", ", pull(ref, "REQ", c[0], c[1], 1000));
            String a = String.join(", ", pull(ours, "REQ", c[0], c[1], 1000));
            if (!e.equals(a)) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + e + "\n  broker:      " + a);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void pinnedClientOnMemoryStreamBehavesTheSame() throws Exception {
        pinnedScenario("PINM", "memory");
    }

    @Test
    void pinnedClientOnFileStreamBehavesTheSame() throws Exception {
        pinnedScenario("PINF", "file");
    }

    private void pinnedScenario(String stream, String storage) throws Exception {
        List<String> expected = pinnedTrace(ref, stream, storage);
        List<String> actual = pinnedTrace(ours, stream, storage);
        assertThat(actual).isEqualTo(expected);
    }

    /** A pinned consumer's story: who gets messages, what the info and advisories say, what unpin does. */
    private static List<String> pinnedTrace(Connection c, String stream, String storage) throws Exception {
        List<String> trace = new ArrayList<>();
        String prefix = stream.toLowerCase();
        raw(
                c,
                "$JS.API.STREAM.CREATE." + stream,
                "{\"name\":\"" + stream + "\",\"subjects\":[\"" + prefix + ".>\"],\"storage\":\"" + storage + "\"}");
        for (int i = 0; i < 6; i++) {
            c.request(prefix + ".m", ("m" + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        }
        createConsumer(c, stream, "C", "\"priority_policy\":\"pinned_client\",\"priority_groups\":[\"G\"]");
        Subscription advisories = c.subscribe("$JS.EVENT.ADVISORY.CONSUMER.*." + stream + ".C");
        c.flush(Duration.ofSeconds(5));
        List<Message> first = pullMessages(c, stream, "C", "{\"batch\":2,\"expires\":500000000,\"group\":\"G\"}", 1500);
        trace.add("first: " + describe(first));
        String pin = first.isEmpty() ? null : first.get(0).getHeaders().getFirst("Nats-Pin-Id");
        trace.add("pin length " + (pin == null ? -1 : pin.length()));
        JsonNode info = JSON.readTree(raw(c, "$JS.API.CONSUMER.INFO." + stream + ".C", ""));
        JsonNode group = info.path("priority_groups").path(0);
        trace.add("info group " + group.path("group").asString() + " pinned "
                + group.path("pinned_client_id").asString().equals(pin) + " ts "
                + !group.path("pinned_ts").isMissingNode());
        trace.add("wrong id: "
                + String.join(
                        ", ",
                        pull(
                                c,
                                stream,
                                "C",
                                "{\"batch\":1,\"expires\":500000000,\"group\":\"G\",\"id\":\"nope\"}",
                                1500)));
        trace.add("no id: "
                + String.join(", ", pull(c, stream, "C", "{\"batch\":1,\"expires\":500000000,\"group\":\"G\"}", 1500)));
        trace.add("right id: "
                + describe(pullMessages(
                        c,
                        stream,
                        "C",
                        "{\"batch\":1,\"expires\":500000000,\"group\":\"G\",\"id\":\"" + pin + "\"}",
                        1500)));
        trace.add("advisory " + advisory(advisories, pin));
        trace.add("unpin unknown group: " + raw(c, "$JS.API.CONSUMER.UNPIN." + stream + ".C", "{\"group\":\"H\"}"));
        trace.add("unpin: " + raw(c, "$JS.API.CONSUMER.UNPIN." + stream + ".C", "{\"group\":\"G\"}"));
        trace.add("advisory " + advisory(advisories, pin));
        info = JSON.readTree(raw(c, "$JS.API.CONSUMER.INFO." + stream + ".C", ""));
        trace.add("info after unpin " + info.path("priority_groups"));
        trace.add("old id: "
                + String.join(
                        ", ",
                        pull(
                                c,
                                stream,
                                "C",
                                "{\"batch\":1,\"expires\":500000000,\"group\":\"G\",\"id\":\"" + pin + "\"}",
                                1500)));
        List<Message> next = pullMessages(c, stream, "C", "{\"batch\":1,\"expires\":500000000,\"group\":\"G\"}", 1500);
        trace.add("new client: " + describe(next));
        String pin2 = next.isEmpty() ? null : next.get(0).getHeaders().getFirst("Nats-Pin-Id");
        trace.add("new pin differs " + (pin2 != null && !pin2.equals(pin)));
        trace.add("advisory " + advisory(advisories, pin2));
        advisories.unsubscribe();
        return trace;
    }

    @Test
    void pinLapsesAfterPriorityTimeout() throws Exception {
        List<String> expected = timeoutTrace(ref);
        List<String> actual = timeoutTrace(ours);
        assertThat(actual).isEqualTo(expected);
    }

    private static List<String> timeoutTrace(Connection c) throws Exception {
        List<String> trace = new ArrayList<>();
        raw(c, "$JS.API.STREAM.CREATE.TMO", "{\"name\":\"TMO\",\"subjects\":[\"tmo.>\"],\"storage\":\"memory\"}");
        for (int i = 0; i < 3; i++) {
            c.request("tmo.m", new byte[] {(byte) i}, Duration.ofSeconds(5));
        }
        Subscription advisories = c.subscribe("$JS.EVENT.ADVISORY.CONSUMER.UNPINNED.TMO.C");
        c.flush(Duration.ofSeconds(5));
        createConsumer(
                c,
                "TMO",
                "C",
                "\"priority_policy\":\"pinned_client\",\"priority_groups\":[\"G\"],\"priority_timeout\":700000000");
        List<Message> first = pullMessages(c, "TMO", "C", "{\"batch\":1,\"expires\":300000000,\"group\":\"G\"}", 1000);
        String pin = first.get(0).getHeaders().getFirst("Nats-Pin-Id");
        trace.add("advisory " + advisory(advisories, pin));
        List<Message> second = pullMessages(c, "TMO", "C", "{\"batch\":1,\"expires\":300000000,\"group\":\"G\"}", 1000);
        trace.add("other client after timeout: " + describe(second));
        trace.add("pinned again with another id "
                + (!second.isEmpty() && !pin.equals(second.get(0).getHeaders().getFirst("Nats-Pin-Id"))));
        advisories.unsubscribe();
        return trace;
    }

    @Test
    void overflowAndPrioritizedChooseTheSameRequests() throws Exception {
        // played on both servers at the same time: each waits out its own pull windows
        FutureTask<List<String>> reference = new FutureTask<>(() -> overflowTrace(ref));
        Thread t = new Thread(reference, "reference-overflow-trace");
        t.setDaemon(true);
        t.start();
        List<String> actual = overflowTrace(ours);
        List<String> expected = reference.get(60, TimeUnit.SECONDS);
        assertThat(actual).isEqualTo(expected);
    }

    private static List<String> overflowTrace(Connection c) throws Exception {
        List<String> trace = new ArrayList<>();
        raw(c, "$JS.API.STREAM.CREATE.OVF", "{\"name\":\"OVF\",\"subjects\":[\"ovf.>\"],\"storage\":\"memory\"}");
        for (int i = 0; i < 5; i++) {
            c.request("ovf.m", new byte[] {(byte) i}, Duration.ofSeconds(5));
        }
        createConsumer(c, "OVF", "C", "\"priority_policy\":\"overflow\",\"priority_groups\":[\"G\"]");
        trace.add("min_pending 10: "
                + String.join(
                        ", ",
                        pull(
                                c,
                                "OVF",
                                "C",
                                "{\"batch\":2,\"expires\":400000000,\"group\":\"G\",\"min_pending\":10}",
                                1200)));
        trace.add("min_pending 5: "
                + String.join(
                        ", ",
                        pull(
                                c,
                                "OVF",
                                "C",
                                "{\"batch\":2,\"expires\":400000000,\"group\":\"G\",\"min_pending\":5}",
                                1200)));
        trace.add("min_ack_pending 2: "
                + String.join(
                        ", ",
                        pull(
                                c,
                                "OVF",
                                "C",
                                "{\"batch\":1,\"expires\":400000000,\"group\":\"G\",\"min_ack_pending\":2}",
                                1200)));
        trace.add("min_ack_pending 3: "
                + String.join(
                        ", ",
                        pull(
                                c,
                                "OVF",
                                "C",
                                "{\"batch\":1,\"expires\":400000000,\"group\":\"G\",\"min_ack_pending\":3}",
                                1200)));

        raw(c, "$JS.API.STREAM.CREATE.PRIO", "{\"name\":\"PRIO\",\"subjects\":[\"prio.>\"],\"storage\":\"memory\"}");
        createConsumer(c, "PRIO", "C", "\"priority_policy\":\"prioritized\",\"priority_groups\":[\"G\"]");
        Subscription low = c.subscribe(c.createInbox());
        Subscription high = c.subscribe(c.createInbox());
        Subscription none = c.subscribe(c.createInbox());
        c.flush(Duration.ofSeconds(5));
        c.publish(
                "$JS.API.CONSUMER.MSG.NEXT.PRIO.C",
                none.getSubject(),
                "{\"batch\":1,\"expires\":2000000000,\"group\":\"G\"}".getBytes(StandardCharsets.UTF_8));
        c.publish(
                "$JS.API.CONSUMER.MSG.NEXT.PRIO.C",
                low.getSubject(),
                "{\"batch\":1,\"expires\":2000000000,\"group\":\"G\",\"priority\":5}".getBytes(StandardCharsets.UTF_8));
        c.publish(
                "$JS.API.CONSUMER.MSG.NEXT.PRIO.C",
                high.getSubject(),
                "{\"batch\":1,\"expires\":2000000000,\"group\":\"G\",\"priority\":1}".getBytes(StandardCharsets.UTF_8));
        c.flush(Duration.ofSeconds(5));
        Thread.sleep(100);
        c.request("prio.m", new byte[] {1}, Duration.ofSeconds(5));
        c.request("prio.m", new byte[] {2}, Duration.ofSeconds(5));
        Message h = high.nextMessage(Duration.ofSeconds(2));
        trace.add("priority 1 got " + got(h));
        Message l = low.nextMessage(Duration.ofSeconds(2));
        trace.add("priority 5 got " + got(l));
        Message n = none.nextMessage(Duration.ofSeconds(3));
        trace.add("no priority (0) got " + got(n));
        return trace;
    }

    private static String got(Message m) {
        if (m == null) {
            return "nothing";
        }
        return m.isStatusMessage() ? status(m) : "message " + m.getData()[0];
    }

    // ---- unpin and reset

    @Test
    void unpinErrorsMatch() throws Exception {
        both(c -> raw(c, "$JS.API.STREAM.CREATE.UNP", "{\"name\":\"UNP\",\"subjects\":[\"unp.>\"]}"));
        both(c -> createConsumer(c, "UNP", "C", "\"priority_policy\":\"pinned_client\",\"priority_groups\":[\"G\"]"));
        both(c -> createConsumer(c, "UNP", "PLAIN", null));
        String[][] cases = {
            {"$JS.API.CONSUMER.UNPIN.UNP.C", ""},
            {"$JS.API.CONSUMER.UNPIN.UNP.C", "{}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.C", "{\"group\":\"\"}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.C", "{\"group\":\"a.b\"}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.C", "{\"group\":5}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.C", "nonsense"},
            {"$JS.API.CONSUMER.UNPIN.NOPE.C", "{\"group\":\"G\"}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.NOPE", "{\"group\":\"G\"}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.C", "{\"group\":\"H\"}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.PLAIN", "{\"group\":\"G\"}"},
            {"$JS.API.CONSUMER.UNPIN.UNP.C", "{\"group\":\"G\"}"},
        };
        compareRaw(cases);
    }

    @Test
    void resetMatches() throws Exception {
        both(c -> raw(c, "$JS.API.STREAM.CREATE.RST", "{\"name\":\"RST\",\"subjects\":[\"rst.>\"]}"));
        both(c -> {
            for (int i = 0; i < 10; i++) {
                c.request("rst." + i, new byte[] {(byte) i}, Duration.ofSeconds(5));
            }
            return null;
        });
        both(c -> createConsumer(c, "RST", "ALL", null));
        both(c -> createConsumer(c, "RST", "SEQ", "\"deliver_policy\":\"by_start_sequence\",\"opt_start_seq\":4"));
        both(c -> createConsumer(c, "RST", "LAST", "\"deliver_policy\":\"last\""));
        both(c -> createConsumer(c, "RST", "NEW", "\"deliver_policy\":\"new\""));
        both(c -> {
            List<Message> got = pullMessages(c, "RST", "ALL", "{\"batch\":5,\"expires\":500000000}", 1500);
            for (int i = 0; i < 3; i++) {
                got.get(i).ack();
            }
            c.flush(Duration.ofSeconds(5));
            return null;
        });
        String[][] cases = {
            {"$JS.API.CONSUMER.RESET.RST.ALL", "{\"seq\":\"x\"}"},
            {"$JS.API.CONSUMER.RESET.RST.ALL", "nonsense"},
            {"$JS.API.CONSUMER.RESET.RST.ALL", ""},
            {"$JS.API.CONSUMER.RESET.RST.ALL", "{\"seq\":7}"},
            {"$JS.API.CONSUMER.RESET.RST.ALL", "{\"seq\":100}"},
            {"$JS.API.CONSUMER.RESET.RST.SEQ", "{\"seq\":2}"},
            {"$JS.API.CONSUMER.RESET.RST.SEQ", "{\"seq\":6}"},
            {"$JS.API.CONSUMER.RESET.RST.SEQ", "{}"},
            {"$JS.API.CONSUMER.RESET.RST.LAST", "{\"seq\":3}"},
            {"$JS.API.CONSUMER.RESET.RST.LAST", ""},
            {"$JS.API.CONSUMER.RESET.RST.NEW", "{\"seq\":3}"},
            {"$JS.API.CONSUMER.RESET.RST.NOPE", ""},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String e = comparableReset(raw(ref, c[0], c[1]));
            String a = comparableReset(raw(ours, c[0], c[1]));
            if (!e.equals(a)) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + e + "\n  broker:      " + a);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
        List<String> afterReset = new ArrayList<>();
        for (Connection c : new Connection[] {ref, ours}) {
            afterReset.add(describe(pullMessages(c, "RST", "SEQ", "{\"batch\":2,\"expires\":500000000}", 1500)));
        }
        assertThat(afterReset.get(1)).isEqualTo(afterReset.get(0));
    }

    /** A reset answer without the times that differ between servers. */
    private static String comparableReset(String json) throws Exception {
        if (json.startsWith("<")) {
            return json;
        }
        JsonNode n = JSON.readTree(json);
        if (!(n instanceof ObjectNode o)) {
            return json;
        }
        o.remove("created");
        o.remove("ts");
        o.remove("config");
        for (String f : new String[] {"delivered", "ack_floor"}) {
            if (o.get(f) instanceof ObjectNode s) {
                s.remove("last_active");
            }
        }
        return o.toString();
    }

    // ---- advisories and metrics

    @Test
    void ackMetricHasTheSameShape() throws Exception {
        List<String> shapes = new ArrayList<>();
        for (Connection c : new Connection[] {ref, ours}) {
            raw(c, "$JS.API.STREAM.CREATE.MET", "{\"name\":\"MET\",\"subjects\":[\"met.>\"],\"storage\":\"memory\"}");
            c.request("met.m", new byte[] {1}, Duration.ofSeconds(5));
            createConsumer(c, "MET", "C", "\"sample_freq\":\"100%\"");
            Subscription metrics = c.subscribe("$JS.EVENT.METRIC.CONSUMER.ACK.MET.C");
            c.flush(Duration.ofSeconds(5));
            List<Message> got = pullMessages(c, "MET", "C", "{\"batch\":1,\"expires\":500000000}", 1500);
            got.get(0).ackSync(Duration.ofSeconds(5));
            Message m = metrics.nextMessage(Duration.ofSeconds(5));
            assertThat(m).isNotNull();
            JsonNode metric = JSON.readTree(m.getData());
            shapes.add(new TreeSet<>(fieldNames(metric)) + " "
                    + metric.path("type").asString() + " seqs "
                    + metric.path("consumer_seq") + "/" + metric.path("stream_seq") + " deliveries "
                    + metric.path("deliveries") + " positive "
                    + (metric.path("ack_time").asLong() > 0));
        }
        assertThat(shapes.get(1)).isEqualTo(shapes.get(0));
    }

    // ---- helpers

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            out.add(e.getKey());
        }
        return out;
    }

    /** An advisory's type, fields and whether its pin id is {@code pin}; {@code none} if none came. */
    private static String advisory(Subscription s, String pin) throws Exception {
        Message m = s.nextMessage(Duration.ofSeconds(2));
        if (m == null) {
            return "none";
        }
        JsonNode n = JSON.readTree(m.getData());
        List<String> fields = fieldNames(n);
        return m.getSubject() + " " + n.path("type").asString() + " " + new TreeSet<>(fields) + " account "
                + n.path("account").asString("-") + " group "
                + n.path("group").asString() + " reason " + n.path("reason").asString("") + " same pin "
                + n.path("pinned_id").asString("").equals(pin);
    }

    private void compareRaw(String[][] cases) throws Exception {
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String e = raw(ref, c[0], c[1]);
            String a = raw(ours, c[0], c[1]);
            if (!e.equals(a)) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + e + "\n  broker:      " + a);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    private static String createConsumer(Connection c, String stream, String name, String extra) throws Exception {
        String config = "{\"durable_name\":\"" + name + "\",\"ack_policy\":\"explicit\""
                + (extra == null ? "" : "," + extra) + "}";
        String answer = raw(
                c,
                "$JS.API.CONSUMER.CREATE." + stream + "." + name,
                "{\"stream_name\":\"" + stream + "\",\"config\":" + config + "}");
        assertThat(answer).doesNotContain("\"error\"");
        return answer;
    }

    /** Sends a pull request and describes what arrives within {@code millis}: messages and the ending status. */
    private static List<String> pull(Connection c, String stream, String consumer, String body, long millis)
            throws Exception {
        List<String> out = new ArrayList<>();
        for (Message m : collect(c, stream, consumer, body, millis)) {
            out.add(
                    m.isStatusMessage()
                            ? status(m)
                            : "msg"
                                    + (m.getHeaders() != null && m.getHeaders().containsKey("Nats-Pin-Id")
                                            ? "+pin"
                                            : ""));
        }
        return out;
    }

    private static List<Message> pullMessages(Connection c, String stream, String consumer, String body, long millis)
            throws Exception {
        List<Message> out = collect(c, stream, consumer, body, millis);
        for (Iterator<Message> it = out.iterator(); it.hasNext(); ) {
            if (it.next().isStatusMessage()) {
                it.remove();
            }
        }
        return out;
    }

    private static List<Message> collect(Connection c, String stream, String consumer, String body, long millis)
            throws Exception {
        Subscription s = c.subscribe(c.createInbox());
        c.flush(Duration.ofSeconds(5));
        c.publish(
                "$JS.API.CONSUMER.MSG.NEXT." + stream + "." + consumer,
                s.getSubject(),
                body.getBytes(StandardCharsets.UTF_8));
        List<Message> out = new ArrayList<>();
        int batch = JSON.readTree(body).path("batch").asInt(1);
        int data = 0;
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            Message m = s.nextMessage(Duration.ofMillis(left));
            if (m == null) {
                break;
            }
            out.add(m);
            if (m.isStatusMessage() && m.getStatus().getCode() != 100) {
                break;
            }
            if (!m.isStatusMessage() && ++data >= batch) {
                break;
            }
        }
        s.unsubscribe();
        return out;
    }

    private static String status(Message m) {
        String text = m.getStatus().getCode() + " " + m.getStatus().getMessage();
        if (m.getHeaders() != null && m.getHeaders().containsKey("Nats-Pending-Messages")) {
            text += " pending " + m.getHeaders().getFirst("Nats-Pending-Messages") + "/"
                    + m.getHeaders().getFirst("Nats-Pending-Bytes");
        }
        return text;
    }

    private static String describe(List<Message> messages) {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            String pin = m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Pin-Id");
            out.add(m.getSubject() + ":" + new String(m.getData(), StandardCharsets.ISO_8859_1)
                    + (pin != null ? "+pin" : ""));
        }
        return out.toString();
    }

    private static String raw(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
        if (m == null) {
            return "<no answer>";
        }
        if (m.isStatusMessage()) {
            return "<status " + m.getStatus().getCode() + ">";
        }
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    private static void both(ThrowingFunction f) throws Exception {
        f.apply(ref);
        f.apply(ours);
    }

    @FunctionalInterface
    private interface ThrowingFunction {
        Object apply(Connection c) throws Exception;
    }
}
