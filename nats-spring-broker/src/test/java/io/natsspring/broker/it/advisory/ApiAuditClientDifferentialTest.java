package io.natsspring.broker.it.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code client} block of the API audit advisory for requests that did not come from a client connection, on
 * this broker and on {@code nats-server} 2.15.1 as the hub: a source's consumer create (the stream's internal client,
 * kind {@code JetStream}) and a request from a client of a {@code nats-server} leaf node (the leaf connection, kind
 * {@code Leafnode}, with the leaf's user, name and version).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApiAuditClientDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final String HUB = """
            server_name: HUB
            listen: "127.0.0.1:%d"
            jetstream { domain: hub, store_dir: "%s" }
            leafnodes { listen: "127.0.0.1:%d" }
            accounts { A { jetstream: enabled, users: [ {user: a, password: a}, {user: leafu, password: lp} ] } }
            """;
    private static final String LEAF = """
            server_name: LEAF
            listen: "127.0.0.1:%d"
            leafnodes { reconnect: "250ms", remotes: [ { url: "nats://leafu:lp@127.0.0.1:%d", account: A } ] }
            accounts { A { users: [ {user: a, password: a} ] } }
            """;

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void internalAndLeafRequestsAreDescribedAsNatsServerDoes() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        List<String> theirs = scenario("theirs", false);
        List<String> ours = scenario("ours", true);
        assertThat(ours).as("nats-server: %s", theirs).isEqualTo(theirs);
        assertThat(ours.toString()).contains("kind=JetStream", "kind=Leafnode");
    }

    private List<String> scenario(String name, boolean ourHub) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        int hubPort = ReferenceNatsServer.freeTcpPort();
        int leafPort = ReferenceNatsServer.freeTcpPort();
        Path hubConf = Files.writeString(
                d.resolve("hub.conf"),
                HUB.formatted(hubPort, d.resolve("js").toString().replace('\\', '/'), leafPort));
        int port = hubPort;
        if (ourHub) {
            NatsBroker broker = new NatsBroker(BrokerConfigFile.load(hubConf).options()).start();
            started.add(broker);
        } else {
            // the reference's client port comes from its command line (-p), not from the file
            ReferenceNatsServer ref = ReferenceNatsServer.start(d, List.of("-c", hubConf.toString()));
            started.add(ref);
            port = ref.port();
        }
        Path leafConf =
                Files.writeString(d.resolve("leaf.conf"), LEAF.formatted(ReferenceNatsServer.freeTcpPort(), leafPort));
        Path leafDir = Files.createDirectories(d.resolve("leaf"));
        ReferenceNatsServer leafServer = ReferenceNatsServer.start(leafDir, List.of("-c", leafConf.toString()));
        started.add(leafServer);
        int leafClientPort = leafServer.port();

        List<String> seen = new ArrayList<>();
        try (Connection hub = connect(port);
                Connection leaf = connect(leafClientPort)) {
            Subscription audits = hub.subscribe("$JS.EVENT.ADVISORY.API");
            hub.flush(WAIT);
            request(hub, "$JS.API.STREAM.CREATE.O", "{\"name\":\"O\",\"subjects\":[\"o.>\"]}");
            request(hub, "$JS.API.STREAM.CREATE.S", "{\"name\":\"S\",\"sources\":[{\"name\":\"O\"}]}");
            seen.add("source: " + render(awaitAudit(audits, "$JS.API.CONSUMER.CREATE.O")));
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> leaf.request("$JS.hub.API.INFO", new byte[0]).get(1, TimeUnit.SECONDS) != null);
            request(leaf, "$JS.hub.API.STREAM.CREATE.L", "{\"name\":\"L\",\"subjects\":[\"l.>\"]}");
            seen.add("leaf: " + render(awaitAudit(audits, "$JS.API.STREAM.CREATE.L")));
        }
        return seen;
    }

    private static JsonNode awaitAudit(Subscription audits, String subject) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Message m = audits.nextMessage(Duration.ofMillis(200));
            if (m != null) {
                JsonNode a = JSON.readTree(m.getData());
                if (subject.equals(a.path("subject").asString())) {
                    return a;
                }
            }
        }
        throw new AssertionError("no audit advisory for " + subject);
    }

    /**
     * The client block's keys in order ({@code rtt} aside) and its values that do not depend on the run (ids and
     * times aside).
     */
    private static String render(JsonNode audit) {
        JsonNode c = audit.get("client");
        if (c == null || !c.isObject()) {
            return "client " + c;
        }
        List<String> keys = new ArrayList<>();
        c.propertyNames().forEach(keys::add);
        keys.remove("rtt"); // present once the link's first PING was answered: a matter of timing
        StringBuilder b = new StringBuilder("keys=").append(keys);
        for (String k : new String[] {"acc", "user", "name", "ver", "host", "kind", "client_type"}) {
            if (c.has(k)) {
                b.append(' ').append(k).append('=').append(c.get(k).asString());
            }
        }
        String server = c.path("server").asString();
        b.append(" server=").append(server.equals(audit.path("server").asString()) ? "this server" : server);
        assertThat(c.path("id").asLong()).isPositive();
        assertThat(c.path("start").asString()).endsWith("Z");
        return b.toString();
    }

    private static void request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), WAIT);
        assertThat(m).as("answer to " + subject).isNotNull();
        assertThat(JSON.readTree(m.getData()).has("error"))
                .as(subject + " " + new String(m.getData(), StandardCharsets.UTF_8))
                .isFalse();
    }

    private static Connection connect(int port) throws Exception {
        return Nats.connect(Options.builder()
                .server("nats://127.0.0.1:" + port)
                .userInfo("a", "a")
                .connectionTimeout(WAIT)
                .build());
    }
}
