package io.natsspring.broker.internal.jetstream.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored consumer whose {@code _nats.req.level} is above the server's API level, or whose config has a field the
 * server does not know, on this broker and on {@code nats-server} 2.15.1 (the same edit made in each server's own
 * consumer file, then a restart):
 * the stream list, the consumer list's {@code offline} and {@code missing}, names, infos, publishes, pulls and
 * deletes answer alike.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OfflineConsumersDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LEVEL = Pattern.compile("\"_nats\\.req\\.level\":\"\\d+\"");

    @TempDir
    Path dir;

    private ReferenceNatsServer reference;
    private NatsBroker broker;
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void consumerNeedingHigherApiLevelIsOfflineAsInNatsServer() throws Exception {
        compareAfter(OfflineConsumersDifferentialTest::raiseLevel);
    }

    /** A stored config with a field the server does not know: {@code decoding error: json: unknown field "…"}. */
    @Test
    void consumerWithAnUnknownFieldIsOfflineAsInNatsServer() throws Exception {
        compareAfter(OfflineConsumersDifferentialTest::addUnknownField);
    }

    /** Changes consumer C's stored config under a server's {@code consumers} directory. */
    @FunctionalInterface
    interface Edit {
        void apply(Path consumers) throws IOException;
    }

    private void compareAfter(Edit edit) throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        Path refDir = dir.resolve("reference");
        Files.createDirectories(refDir);
        reference = ReferenceNatsServer.start(refDir, List.of("-js", "-sd", refDir.toString()));
        Path ourDir = dir.resolve("broker");
        broker = startBroker(ourDir);

        Connection theirs = connect(reference.url());
        Connection ours = connect(broker.clientUrl());
        setUp(theirs);
        setUp(ours);
        theirs.close();
        ours.close();

        reference.stopProcess();
        edit.apply(refDir.resolve("jetstream")
                .resolve("$G")
                .resolve("streams")
                .resolve("S")
                .resolve("obs"));
        reference.startAgain();
        broker.close();
        edit.apply(ourDir.resolve("streams").resolve("S").resolve("consumers"));
        broker = startBroker(ourDir);

        List<String> expected = trace(connect(reference.url()));
        List<String> actual = trace(connect(broker.clientUrl()));
        assertThat(actual).as("nats-server: %s", expected).isEqualTo(expected);
    }

    private static void setUp(Connection c) throws Exception {
        request(c, "$JS.API.STREAM.CREATE.S", "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"file\"}");
        request(c, "$JS.API.STREAM.CREATE.T", "{\"name\":\"T\",\"subjects\":[\"t.>\"],\"storage\":\"file\"}");
        c.request("s.1", new byte[] {1}, Duration.ofSeconds(5));
        request(c, "$JS.API.CONSUMER.CREATE.S.A", "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"A\"}}");
        request(c, "$JS.API.CONSUMER.CREATE.S.C", "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"C\"}}");
    }

    /** Puts {@code _nats.req.level: 99} into consumer C's stored config under {@code consumers}. */
    private static void raiseLevel(Path consumers) throws IOException {
        editConfig(consumers, LEVEL.pattern(), "\"_nats.req.level\":\"99\"");
    }

    /** Puts a field no server knows before the {@code metadata} of consumer C's stored config. */
    private static void addUnknownField(Path consumers) throws IOException {
        editConfig(consumers, "\"metadata\":\\{", "\"bogus_field\":1,\"metadata\":{");
    }

    /** Replaces the first match of {@code regex} in consumer C's stored config file (the one with its level). */
    private static void editConfig(Path consumers, String regex, String replacement) throws IOException {
        Path consumerDir = consumers.resolve("C");
        Path meta;
        try (var files = Files.list(consumerDir)) {
            meta = files.filter(p -> {
                        try {
                            return Files.isRegularFile(p)
                                    && LEVEL.matcher(Files.readString(p, StandardCharsets.ISO_8859_1))
                                            .find();
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no config with _nats.req.level in " + consumerDir));
        }
        String stored = Files.readString(meta, StandardCharsets.ISO_8859_1);
        String edited = Pattern.compile(regex).matcher(stored).replaceFirst(Matcher.quoteReplacement(replacement));
        assertThat(edited).as("edited " + meta).isNotEqualTo(stored);
        Files.writeString(meta, edited, StandardCharsets.ISO_8859_1);
    }

    private List<String> trace(Connection c) throws Exception {
        List<String> t = new ArrayList<>();
        JsonNode names = request(c, "$JS.API.STREAM.NAMES", "{}");
        t.add("stream names " + names.get("streams") + " " + names.path("error"));
        JsonNode list = request(c, "$JS.API.STREAM.LIST", "{}");
        t.add("stream list total " + list.path("total") + " missing " + list.path("missing") + " offline "
                + list.path("offline") + " streams " + list.path("streams").size());
        t.add("stream info S " + request(c, "$JS.API.STREAM.INFO.S", "").path("error"));
        t.add("stream info T " + request(c, "$JS.API.STREAM.INFO.T", "").path("error"));
        JsonNode cnames = request(c, "$JS.API.CONSUMER.NAMES.S", "{}");
        t.add("consumer names " + cnames.path("consumers") + " total " + cnames.path("total") + " "
                + cnames.path("error"));
        JsonNode clist = request(c, "$JS.API.CONSUMER.LIST.S", "{}");
        List<String> listed = new ArrayList<>();
        clist.path("consumers").forEach(n -> listed.add(n.path("name").asString()));
        t.add("consumer list total " + clist.path("total") + " missing " + clist.path("missing") + " offline "
                + clist.path("offline") + " consumers " + listed + " raw " + clist.get("consumers") + " "
                + clist.path("error"));
        long asked = System.nanoTime();
        JsonNode infoC = request(c, "$JS.API.CONSUMER.INFO.S.C", "");
        t.add("consumer info C " + infoC.path("error") + late(asked));
        JsonNode infoA = request(c, "$JS.API.CONSUMER.INFO.S.A", "");
        t.add("consumer info A " + infoA.path("error") + " pending " + infoA.path("num_pending"));
        Message ack = c.request("s.2", new byte[] {2}, Duration.ofSeconds(3));
        t.add("publish "
                + (ack == null ? "no answer" : JSON.readTree(ack.getData()).path("error")));
        t.add("consumer create D "
                + request(
                                c,
                                "$JS.API.CONSUMER.CREATE.S.D",
                                "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"D\"}}")
                        .path("error"));
        asked = System.nanoTime();
        JsonNode createC = request(
                c, "$JS.API.CONSUMER.CREATE.S.C", "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"C\"}}");
        t.add("consumer create C " + createC.path("error") + late(asked));
        t.add("consumer delete C " + request(c, "$JS.API.CONSUMER.DELETE.S.C", ""));
        t.add("consumer list after "
                + request(c, "$JS.API.CONSUMER.LIST.S", "{}").path("offline"));
        t.add("stream delete S " + request(c, "$JS.API.STREAM.DELETE.S", ""));
        JsonNode after = request(c, "$JS.API.STREAM.LIST", "{}");
        t.add("stream list after total " + after.path("total") + " offline " + after.path("offline"));
        return t;
    }

    /**
     * " (late)" when the answer took at least 450 ms: nats-server answers an offline consumer's info and create half
     * a second late. Only the lower bound is checked (a slow machine can only make a prompt answer look late).
     */
    private static String late(long askedNanos) {
        return System.nanoTime() - askedNanos >= TimeUnit.MILLISECONDS.toNanos(450) ? " (late)" : "";
    }

    private static JsonNode request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        if (m == null) {
            return JSON.createObjectNode().put("answer", "none");
        }
        JsonNode n = JSON.readTree(m.getData());
        if (n instanceof tools.jackson.databind.node.ObjectNode o) {
            o.remove("type");
        }
        return n;
    }

    private Connection connect(String url) throws Exception {
        Connection c = DifferentialServers.connect(url);
        connections.add(c);
        return c;
    }

    private static NatsBroker startBroker(Path storeDir) throws Exception {
        return new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(storeDir)
                        .build())
                .start();
    }
}
