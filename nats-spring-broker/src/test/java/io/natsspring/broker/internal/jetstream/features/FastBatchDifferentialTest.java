package io.natsspring.broker.internal.jetstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fast batch publish (ADR-50 fast ingest, {@code allow_batched}, nats-server 2.14+) on this broker and on
 * {@code nats-server} 2.15 side by side, driven from jnats with raw publishes whose reply subjects carry the batch
 * ({@code <prefix>.<id>.<flow>.<ok|fail>.<seq>.<op>.$FI}; jnats 2.26 has no fast-batch API). Every answer that
 * arrives on the batch's reply subjects (flow acks, gap and error messages, PubAcks, errors) must be the same, in the
 * same order, and the streams must hold the same messages afterwards, on file and memory storage. Skipped without the
 * reference binary.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FastBatchDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path storeDir;

    private static ReferenceNatsServer reference;
    private static Connection ref;
    private static NatsBroker broker;
    private static Connection ours;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        reference = ReferenceNatsServer.start(storeDir.resolve("reference"));
        ref = connect(reference.url());
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(storeDir.resolve("broker"))
                        .build())
                .start();
        ours = connect(broker.clientUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {ours, ref, broker}) {
            if (c != null) {
                c.close();
            }
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void configRulesMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(c, "$JS.API.STREAM.CREATE.FO", "{\"name\":\"FO\",\"subjects\":[\"fo\"]}");
        }
        String[][] cases = {
            {"CREATE.FC1", "{\"name\":\"FC1\",\"subjects\":[\"fc1\"],\"allow_batched\":true}"},
            {"CREATE.FC2", "{\"name\":\"FC2\",\"subjects\":[\"fc2\"],\"allow_batched\":\"yes\"}"},
            {"CREATE.FC2", "{\"name\":\"FC2\",\"mirror\":{\"name\":\"FO\"},\"allow_batched\":true}"},
            {"CREATE.FC3", "{\"name\":\"FC3\",\"sources\":[{\"name\":\"FO\"}],\"allow_batched\":true}"},
            {"CREATE.FC4", "{\"name\":\"FC4\",\"subjects\":[\"fc4\"],\"allow_batched\":true,\"persist_mode\":\"async\"}"
            },
            {"CREATE.FC5", "{\"name\":\"FC5\",\"subjects\":[\"fc5\"],\"allow_batched\":true,\"allow_atomic\":true}"},
            {"CREATE.FC6", "{\"name\":\"FC6\",\"subjects\":[\"fc6\"],\"storage\":\"memory\",\"allow_batched\":true}"},
            {"UPDATE.FC1", "{\"name\":\"FC1\",\"subjects\":[\"fc1\"],\"allow_batched\":false}"},
            {"UPDATE.FC1", "{\"name\":\"FC1\",\"subjects\":[\"fc1\"],\"allow_batched\":true}"},
            {"CREATE.FC7", "{\"name\":\"FC7\",\"subjects\":[\"fc7\"]}"},
            {"UPDATE.FC7", "{\"name\":\"FC7\",\"subjects\":[\"fc7\"],\"allow_batched\":true}"},
            {"UPDATE.FC7", "{\"name\":\"FC7\",\"subjects\":[\"fc7\"],\"allow_batched\":1}"},
        };
        List<String> differences = new ArrayList<>();
        for (String[] c : cases) {
            String subject = "$JS.API.STREAM." + c[0];
            String expected = raw(ref, subject, c[1]);
            String actual = raw(ours, subject, c[1]);
            JsonNode e = JSON.readTree(expected);
            JsonNode a = JSON.readTree(actual);
            boolean same;
            if (e.has("error")) {
                same = expected.equals(actual);
            } else {
                same = !a.has("error")
                        && e.path("config")
                                .path("allow_batched")
                                .equals(a.path("config").path("allow_batched"))
                        && e.path("config")
                                .path("metadata")
                                .path("_nats.req.level")
                                .equals(a.path("config").path("metadata").path("_nats.req.level"));
            }
            if (!same) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    @Test
    void jnatsSeesTheFlag() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            StreamInfo info = c.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("FJ")
                            .subjects("fj.>")
                            .allowBatched(true)
                            .build());
            assertThat(info.getConfiguration().getAllowBatched()).isTrue();
            assertThat(info.getConfiguration().getMetadata()).containsEntry("_nats.req.level", "4");
        }
    }

    @Test
    void batchesMatchOnFileStorage() throws Exception {
        compareBatches("file", "fbf");
    }

    @Test
    void batchesMatchOnMemoryStorage() throws Exception {
        compareBatches("memory", "fbm");
    }

    /** Runs every scenario on a stream of the given storage on both servers and compares answers and contents. */
    private static void compareBatches(String storage, String s) throws Exception {
        String stream = s.toUpperCase();
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE." + stream,
                    "{\"name\":\"" + stream + "\",\"subjects\":[\"" + s + ".>\"],\"storage\":\"" + storage
                            + "\",\"allow_batched\":true}");
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, List<Pub>> e : scenarios(s).entrySet()) {
            String expected = run(ref, s + ".barrier", e.getValue(), s + e.getKey());
            String actual = run(ours, s + ".barrier", e.getValue(), s + e.getKey());
            if (!expected.equals(actual)) {
                differences.add(e.getKey() + "\n  nats-server:\n" + expected + "\n  broker:\n" + actual);
            }
        }
        String e = contents(ref, stream);
        String a = contents(ours, stream);
        if (!e.equals(a)) {
            differences.add("stored\n  nats-server:\n" + e + "\n  broker:\n" + a);
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
        assertThat(e).contains("seq=1 ");
    }

    private static Map<String, List<Pub>> scenarios(String s) {
        Map<String, List<Pub>> sc = new LinkedHashMap<>();
        List<Pub> l = list(sc, "basic");
        l.add(pub(s + ".a", s + "basic", "b1.10.fail.1.0"));
        for (int i = 2; i < 25; i++) {
            l.add(pub(s + ".a", s + "basic", "b1.10.fail." + i + ".1"));
        }
        l.add(pub(s + ".a", s + "basic", "b1.10.fail.25.2"));

        l = list(sc, "eob");
        l.add(pub(s + ".b", s + "eob", "b2.5.fail.1.0"));
        for (int i = 2; i < 8; i++) {
            l.add(pub(s + ".b", s + "eob", "b2.5.fail." + i + ".1"));
        }
        l.add(pub(s + ".b", s + "eob", "b2.5.fail.8.3"));

        l = list(sc, "single");
        l.add(pub(s + ".c", s + "single", "b3.10.fail.1.2"));
        l.add(pub(s + ".c", s + "single", "b3x.x.ok.1.2"));

        l = list(sc, "gapfail");
        l.add(pub(s + ".d", s + "gapfail", "b4.10.fail.1.0"));
        l.add(pub(s + ".d", s + "gapfail", "b4.10.fail.2.1"));
        l.add(pub(s + ".d", s + "gapfail", "b4.10.fail.4.1"));
        l.add(pub(s + ".d", s + "gapfail", "b4.10.fail.5.1"));

        l = list(sc, "gapok");
        l.add(pub(s + ".e", s + "gapok", "b5.3.ok.1.0"));
        l.add(pub(s + ".e", s + "gapok", "b5.3.ok.2.1"));
        l.add(pub(s + ".e", s + "gapok", "b5.3.ok.5.1"));
        l.add(pub(s + ".e", s + "gapok", "b5.3.ok.6.1"));
        l.add(pub(s + ".e", s + "gapok", "b5.3.ok.7.2"));

        l = list(sc, "unknown");
        l.add(pub(s + ".f", s + "unknown", "b6.10.fail.3.1"));
        l.add(pub(s + ".f", s + "unknown", "b6b.10.fail.2.2"));
        l.add(pub(s + ".f", s + "unknown", "b6c.10.ok.9.3"));

        l = list(sc, "pattern");
        for (String f : new String[] {
            "b7.10.fail.1.9",
            "b7.10.maybe.1.0",
            "b7.10.fail.0.0",
            "b7.10.fail.2.0",
            "b7.10.fail.1.1",
            "b7.10.fail.1.3",
            "b7.10.fail.x.1",
            "b7.10.fail.18446744073709551615.1",
            "b7.10.fail.18446744073709551616.1",
            "b7.10.fail.1.-1",
            "b7.10.fail.1.",
        }) {
            l.add(pub(s + ".g", s + "pattern", f));
        }
        l.add(new Pub(s + ".g", "fbr." + s + "pattern.$FI", new String[0], "p"));
        l.add(new Pub(s + ".g", "fbr." + s + "pattern.1.0.$FI", new String[0], "p"));

        l = list(sc, "idlong");
        l.add(pub(s + ".h", s + "idlong", "j".repeat(65) + ".10.fail.1.0"));
        l.add(pub(s + ".h", s + "idlong", "j".repeat(64) + ".10.fail.1.2"));

        l = list(sc, "flow");
        l.add(pub(s + ".i", s + "flow", "b9.100.fail.1.0"));
        for (int i = 2; i < 250; i++) {
            l.add(pub(s + ".i", s + "flow", "b9.100.fail." + i + ".1"));
        }
        l.add(pub(s + ".i", s + "flow", "b9.100.fail.250.2"));
        l.add(pub(s + ".i", s + "flow", "b9b.0.fail.1.0"));
        for (int i = 2; i < 23; i++) {
            l.add(pub(s + ".i", s + "flow", "b9b.0.fail." + i + ".1"));
        }
        l.add(pub(s + ".i", s + "flow", "b9b.0.fail.23.3"));

        l = list(sc, "two");
        l.add(pub(s + ".j", s + "two", "b10.8.fail.1.0"));
        l.add(pub(s + ".j", s + "two", "b11.8.ok.1.0"));
        for (int i = 2; i <= 30; i++) {
            l.add(pub(s + ".j", s + "two", "b10.8.fail." + i + ".1"));
            l.add(pub(s + ".j", s + "two", "b11.8.ok." + i + ".1"));
        }
        l.add(pub(s + ".j", s + "two", "b10.8.fail.31.2"));
        for (int i = 31; i <= 50; i++) {
            l.add(pub(s + ".j", s + "two", "b11.8.ok." + i + ".1"));
        }
        l.add(pub(s + ".j", s + "two", "b11.8.ok.51.3"));

        l = list(sc, "errfail");
        l.add(pub(s + ".k", s + "errfail", "b12.10.fail.1.0"));
        l.add(pub(s + ".k", s + "errfail", "b12.10.fail.2.1", "Nats-Expected-Last-Sequence", "1"));
        l.add(pub(s + ".k", s + "errfail", "b12.10.fail.3.1"));

        l = list(sc, "errok");
        l.add(pub(s + ".l", s + "errok", "b13.10.ok.1.0"));
        l.add(pub(s + ".l", s + "errok", "b13.10.ok.2.1", "Nats-Expected-Last-Sequence", "1"));
        l.add(pub(s + ".l", s + "errok", "b13.10.ok.3.1", "Nats-Expected-Stream", "other"));
        l.add(pub(s + ".l", s + "errok", "b13.10.ok.4.1", "Nats-TTL", "5s"));
        l.add(pub(s + ".l", s + "errok", "b13.10.ok.5.1", "Nats-Rollup", "sub"));
        l.add(pub(s + ".l", s + "errok", "b13.10.ok.6.1", "Nats-Expected-Last-Subject-Sequence", "0"));
        l.add(pub(s + ".l", s + "errok", "b13.10.ok.7.2", "Nats-Expected-Last-Sequence", "2"));

        l = list(sc, "errfirst");
        l.add(pub(s + ".m", s + "errfirst", "b14.10.fail.1.0", "Nats-Expected-Last-Sequence", "1"));
        l.add(pub(s + ".m", s + "errfirst", "b14.10.fail.2.1"));
        l.add(pub(s + ".m", s + "errfirst", "b14b.10.ok.1.0", "Nats-Expected-Last-Sequence", "1"));
        l.add(pub(s + ".m", s + "errfirst", "b14b.10.ok.2.2", "Nats-Expected-Last-Sequence", "1"));

        l = list(sc, "dup");
        l.add(pub(s + ".n", s + "dup", "b15.10.ok.1.0", "Nats-Msg-Id", s + "d1"));
        l.add(pub(s + ".n", s + "dup", "b15.10.ok.2.1", "Nats-Msg-Id", s + "d1"));
        l.add(pub(s + ".n", s + "dup", "b15.10.ok.3.2", "Nats-Msg-Id", s + "d2"));
        l.add(pub(s + ".n", s + "dup", "b16.10.fail.1.2", "Nats-Msg-Id", s + "d1"));
        l.add(pub(s + ".n", s + "dup", "b17.10.fail.1.0", "Nats-Msg-Id", s + "d2"));
        l.add(pub(s + ".n", s + "dup", "b17.10.fail.2.2"));
        l.add(pub(s + ".n", s + "dup", "b17b.10.ok.1.0"));
        l.add(pub(s + ".n", s + "dup", "b17b.10.ok.2.2", "Nats-Msg-Id", s + "d1"));

        l = list(sc, "ping");
        l.add(pub(s + ".o", s + "ping", "b18.10.ok.1.0"));
        l.add(pub(s + ".o", s + "ping", "b18.10.ok.2.1"));
        l.add(pub(s + ".o", s + "ping", "b18.10.ok.2.4"));
        l.add(pub(s + ".o", s + "ping", "b18.10.ok.5.4"));
        l.add(pub(s + ".o", s + "ping", "b18.10.ok.6.1"));
        l.add(pub(s + ".o", s + "ping", "b18.10.ok.7.3"));
        l.add(pub(s + ".o", s + "ping", "b19.10.fail.1.0"));
        l.add(pub(s + ".o", s + "ping", "b19.10.fail.3.4"));
        l.add(pub(s + ".o", s + "ping", "b20.10.fail.2.4"));
        l.add(pub(s + ".o", s + "ping", "b21.10.ok.1.4"));
        l.add(pub(s + ".o", s + "ping", "b21.10.ok.2.3"));
        l.add(pub(s + ".o", s + "ping", "b21b.10.fail.1.4"));

        l = list(sc, "backward");
        l.add(pub(s + ".p", s + "backward", "b22.10.ok.1.0"));
        l.add(pub(s + ".p", s + "backward", "b22.10.ok.2.1"));
        l.add(pub(s + ".p", s + "backward", "b22.10.ok.2.1"));
        l.add(pub(s + ".p", s + "backward", "b22.10.ok.3.1"));

        l = list(sc, "apilevel");
        l.add(pub(s + ".q", s + "apilevel", "b23.10.fail.1.0", "Nats-Required-Api-Level", "2"));
        l.add(pub(s + ".q", s + "apilevel", "b23.10.fail.2.1", "Nats-Required-Api-Level", "6"));
        l.add(pub(s + ".q", s + "apilevel", "b23.10.fail.3.2"));
        l.add(pub(s + ".q", s + "apilevel", "b23b.10.fail.1.2", "Nats-Required-Api-Level", "x"));
        l.add(pub(s + ".q", s + "apilevel", "b23c.10.fail.1.2", "Nats-Required-Api-Level", "1", "X-Keep", "yes"));

        l = list(sc, "afterwards");
        l.add(pub(s + ".r", s + "afterwards", "b1.10.fail.26.1"));
        l.add(pub(s + ".r", s + "afterwards", "b1.10.fail.1.0"));
        l.add(pub(s + ".r", s + "afterwards", "b1.10.fail.2.2"));
        return sc;
    }

    @Test
    void limitsAndRefusalsMatch() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(c, "$JS.API.STREAM.CREATE.NFB", "{\"name\":\"NFB\",\"subjects\":[\"nfb.>\"],\"storage\":\"memory\"}");
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.FBS",
                    "{\"name\":\"FBS\",\"subjects\":[\"fbs.>\"],\"max_msg_size\":10,\"allow_batched\":true}");
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.FBD",
                    "{\"name\":\"FBD\",\"subjects\":[\"fbd.>\"],\"max_msgs\":3,\"discard\":\"new\","
                            + "\"allow_batched\":true}");
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.FBU",
                    "{\"name\":\"FBU\",\"subjects\":[\"fbu.>\"],\"allow_batched\":true,\"storage\":\"memory\"}");
        }
        List<String> differences = new ArrayList<>();
        compare(
                differences,
                "disabled",
                "nfb.barrier",
                List.of(
                        pub("nfb.a", "disabled", "n1.10.fail.1.0"),
                        pub("nfb.a", "disabled", "n1.10.fail.1.9"),
                        pub("nfb.a", "disabled", "n1.10.fail.1.2")));
        compare(
                differences,
                "toolarge",
                "fbs.barrier",
                List.of(
                        new Pub("fbs.a", "fbr.toolarge.s1.10.fail.1.0.$FI", new String[0], "0123456789abcdef"),
                        pub("fbs.a", "toolarge", "s2.10.fail.1.0"),
                        new Pub("fbs.a", "fbr.toolarge.s2.10.fail.2.1.$FI", new String[0], "0123456789abcdef"),
                        pub("fbs.a", "toolarge", "s2.10.fail.3.1")));
        compare(
                differences,
                "discardnew",
                "fbd.barrier",
                List.of(
                        pub("fbd.a", "discardnew", "d1.10.ok.1.0"),
                        pub("fbd.a", "discardnew", "d1.10.ok.2.1"),
                        pub("fbd.a", "discardnew", "d1.10.ok.3.1"),
                        pub("fbd.a", "discardnew", "d1.10.ok.4.1"),
                        pub("fbd.a", "discardnew", "d1.10.ok.5.2")));
        List<String> states = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            states.add(contents(c, "FBD") + contents(c, "FBS"));
        }
        if (!states.get(0).equals(states.get(1))) {
            differences.add("stored\n  nats-server:\n" + states.get(0) + "\n  broker:\n" + states.get(1));
        }
        // turning allow_batched off drops the batches in flight; on again, they are unknown
        List<String> toggled = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            StringBuilder b = new StringBuilder();
            b.append(run(c, "fbu.barrier", List.of(pub("fbu.a", "toggle", "u1.10.fail.1.0")), "toggle"));
            raw(c, "$JS.API.STREAM.UPDATE.FBU", "{\"name\":\"FBU\",\"subjects\":[\"fbu.>\"],\"storage\":\"memory\"}");
            b.append(run(c, "fbu.barrier", List.of(pub("fbu.a", "toggle", "u1.10.fail.2.1")), "toggle"));
            raw(
                    c,
                    "$JS.API.STREAM.UPDATE.FBU",
                    "{\"name\":\"FBU\",\"subjects\":[\"fbu.>\"],\"storage\":\"memory\",\"allow_batched\":true}");
            b.append(run(c, "fbu.barrier", List.of(pub("fbu.a", "toggle", "u1.10.fail.3.1")), "toggle"));
            toggled.add(b.toString());
        }
        if (!toggled.get(0).equals(toggled.get(1))) {
            differences.add("toggle\n  nats-server:\n" + toggled.get(0) + "\n  broker:\n" + toggled.get(1));
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
        assertThat(toggled.get(0)).contains("10205").contains("10208");
    }

    @Test
    void noAckStreamsStillGetFlowMessagesAndTheCommitAck() throws Exception {
        for (Connection c : List.of(ref, ours)) {
            raw(
                    c,
                    "$JS.API.STREAM.CREATE.FBN",
                    "{\"name\":\"FBN\",\"subjects\":[\"fbn.>\"],\"no_ack\":true,\"allow_batched\":true}");
        }
        List<Pub> pubs = new ArrayList<>();
        pubs.add(pub("fbn.a", "noack", "k1.5.fail.1.0"));
        for (int i = 2; i < 12; i++) {
            pubs.add(pub("fbn.a", "noack", "k1.5.fail." + i + ".1"));
        }
        pubs.add(pub("fbn.a", "noack", "k1.5.fail.12.2"));
        pubs.add(pub("fbn.a", "noack", "k2.5.fail.2.1"));
        String expected = runAwaiting(ref, pubs, "noack", "\"count\":12");
        String actual = runAwaiting(ours, pubs, "noack", "\"count\":12");
        assertThat(actual).isEqualTo(expected);
        assertThat(contents(ours, "FBN")).isEqualTo(contents(ref, "FBN"));
    }

    private static void compare(List<String> differences, String tag, String barrier, List<Pub> pubs) throws Exception {
        String expected = run(ref, barrier, pubs, tag);
        String actual = run(ours, barrier, pubs, tag);
        if (!expected.equals(actual)) {
            differences.add(tag + "\n  nats-server:\n" + expected + "\n  broker:\n" + actual);
        }
    }

    // ---- helpers

    /** A raw publish: subject, full reply subject, headers {@code key, value, …}, body. */
    private record Pub(String subject, String reply, String[] headers, String body) {}

    private static List<Pub> list(Map<String, List<Pub>> scenarios, String name) {
        List<Pub> l = new ArrayList<>();
        scenarios.put(name, l);
        return l;
    }

    /** A message whose reply is {@code fbr.<tag>.<fields>.$FI} (fields: id.flow.gap.seq.op), body = fields. */
    private static Pub pub(String subject, String tag, String fields, String... headers) {
        return new Pub(subject, "fbr." + tag + "." + fields + ".$FI", headers, fields);
    }

    /**
     * Publishes the messages, then a barrier the stream answers with an error without storing anything (so every
     * answer to the batch messages has arrived once its answer has), and returns what arrived on
     * {@code fbr.<tag>.>}, one line each: reply subject, payload.
     */
    private static String run(Connection c, String barrierSubject, List<Pub> pubs, String tag) throws Exception {
        Subscription sub = c.subscribe("fbr." + tag + ".>");
        c.flush(TIMEOUT);
        for (Pub p : pubs) {
            c.publish(message(p));
        }
        Headers h = new Headers();
        h.put("Nats-Expected-Stream", "no-such-stream");
        Message barrier = c.request(
                NatsMessage.builder()
                        .subject(barrierSubject)
                        .headers(h)
                        .data(new byte[0])
                        .build(),
                TIMEOUT);
        assertThat(barrier).as("barrier answer").isNotNull();
        String answers = drain(sub, Duration.ofMillis(50));
        sub.unsubscribe();
        return answers;
    }

    /** As {@link #run} for a stream that answers nothing itself: waits until {@code last} arrived. */
    private static String runAwaiting(Connection c, List<Pub> pubs, String tag, String last) throws Exception {
        Subscription sub = c.subscribe("fbr." + tag + ".>");
        c.flush(TIMEOUT);
        for (Pub p : pubs) {
            c.publish(message(p));
        }
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!out.toString().contains(last) && System.nanoTime() < deadline) {
            Message m = sub.nextMessage(Duration.ofMillis(100));
            if (m != null) {
                out.append(line(m));
            }
        }
        out.append(drain(sub, Duration.ofMillis(300)));
        sub.unsubscribe();
        return out.toString();
    }

    private static String drain(Subscription sub, Duration quiet) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        Message m;
        while ((m = sub.nextMessage(quiet)) != null) {
            out.append(line(m));
        }
        return out.toString();
    }

    private static String line(Message m) {
        String hdrs = m.getHeaders() == null ? "" : m.getHeaders().toString() + " ";
        return m.getSubject() + " " + hdrs + new String(m.getData(), StandardCharsets.UTF_8) + "\n";
    }

    private static NatsMessage message(Pub p) {
        Headers h = new Headers();
        for (int i = 0; i + 1 < p.headers().length; i += 2) {
            h.add(p.headers()[i], p.headers()[i + 1]);
        }
        NatsMessage.Builder b = NatsMessage.builder()
                .subject(p.subject())
                .replyTo(p.reply())
                .data(p.body().getBytes(StandardCharsets.UTF_8));
        if (!h.isEmpty()) {
            b.headers(h);
        }
        return b.build();
    }

    /** Every stored message of the stream, one line each (sequence, subject, headers, body; no time stamp). */
    private static String contents(Connection c, String stream) throws Exception {
        JsonNode info = JSON.readTree(raw(c, "$JS.API.STREAM.INFO." + stream, ""));
        JsonNode st = info.path("state");
        StringBuilder out = new StringBuilder("state " + st.path("messages").asLong() + " "
                + st.path("first_seq").asLong() + " " + st.path("last_seq").asLong() + "\n");
        for (long seq = st.path("first_seq").asLong();
                seq <= st.path("last_seq").asLong();
                seq++) {
            JsonNode r = JSON.readTree(raw(c, "$JS.API.STREAM.MSG.GET." + stream, "{\"seq\":" + seq + "}"));
            JsonNode m = r.path("message");
            if (r.has("error")) {
                out.append("seq=").append(seq).append(" none\n");
                continue;
            }
            String hdrs = m.has("hdrs")
                    ? new String(
                            java.util.Base64.getDecoder().decode(m.path("hdrs").asString()), StandardCharsets.UTF_8)
                    : "";
            String data = m.has("data")
                    ? new String(
                            java.util.Base64.getDecoder().decode(m.path("data").asString()), StandardCharsets.UTF_8)
                    : "";
            out.append("seq=")
                    .append(seq)
                    .append(' ')
                    .append(m.path("subject").asString())
                    .append(' ')
                    .append(hdrs.replace("\r\n", "|"))
                    .append(" data=")
                    .append(data)
                    .append('\n');
        }
        return out.toString();
    }

    private static String raw(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    private static Connection connect(String url) throws Exception {
        return Nats.connect(Options.builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
    }
}
