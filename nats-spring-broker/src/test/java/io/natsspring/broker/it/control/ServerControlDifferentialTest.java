package io.natsspring.broker.it.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code $SYS.REQ.SERVER.<id>.KICK} and {@code .RELOAD} on this broker and on {@code nats-server} 2.15, each started
 * from its own copy of the same configuration file: a kicked client is closed (disconnect event reason
 * {@code Kicked}), an unknown id is a 500 error, a body that is not JSON gets no answer; RELOAD applies the edited
 * file (a new user logs in) and answers a broken file with a 500 error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerControlDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONFIG = """
            accounts {
              SYS: { users: [ {user: sys, password: sys} ] }
              A: { users: [ {user: a, password: a} %s ] }
            }
            system_account: SYS
            """;

    @TempDir
    Path dir;

    @Test
    void kickAndReload() throws Exception {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        Path ours = dir.resolve("ours.conf");
        Files.writeString(ours, CONFIG.formatted(""));
        try (NatsBroker broker = new NatsBroker(options(ours)).reloadSource(() -> options(ours))) {
            broker.start();
            seen.put("broker", observe(broker.clientUrl(), ours));
        }
        if (ReferenceNatsServer.available()) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, CONFIG.formatted(""));
            try (ReferenceNatsServer server =
                    ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", ref.toString()))) {
                seen.put("nats-server", observe(server.url(), ref));
            }
        }
        assertThat(seen.get("broker")).contains("kick " + keysOf("server"), "victim closed", "reload new user true");
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
    }

    private static io.natsspring.broker.BrokerOptions options(Path file) {
        return BrokerConfigFile.load(file).options().toBuilder()
                .host("127.0.0.1")
                .port(0)
                .build();
    }

    private static List<String> observe(String url, Path file) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection sys = connect(url, "sys")) {
            String id = sys.getServerInfo().getServerId();
            Subscription events = sys.subscribe("$SYS.ACCOUNT.A.DISCONNECT");
            sys.flush(Duration.ofSeconds(5));
            Connection victim = connect(url, "a");
            long cid = victim.getServerInfo().getClientId();

            JsonNode kicked = request(sys, "$SYS.REQ.SERVER." + id + ".KICK", "{\"cid\":" + cid + "}");
            out.add("kick " + keys(kicked));
            await().atMost(Duration.ofSeconds(10)).until(() -> victim.getStatus() == Connection.Status.CLOSED);
            out.add("victim closed");
            Message event = events.nextMessage(Duration.ofSeconds(5));
            assertThat(event).isNotNull();
            out.add("event reason "
                    + JSON.readTree(event.getData()).get("reason").asString());

            JsonNode unknown = request(sys, "$SYS.REQ.SERVER." + id + ".KICK", "{\"cid\":999999}");
            out.add("unknown " + keys(unknown) + " " + unknown.get("error"));
            out.add("not json answered " + (request(sys, "$SYS.REQ.SERVER." + id + ".KICK", "nope") != null));

            Files.writeString(file, CONFIG.formatted(", {user: b, password: b}"));
            JsonNode reloaded = request(sys, "$SYS.REQ.SERVER." + id + ".RELOAD", "");
            out.add("reload " + keys(reloaded));
            try (Connection b = connect(url, "b")) {
                out.add("reload new user " + (b.getStatus() == Connection.Status.CONNECTED));
            }
            Files.writeString(file, "accounts { A: { users: [ {user: a, password: a} ] }\n");
            JsonNode broken = request(sys, "$SYS.REQ.SERVER." + id + ".RELOAD", "");
            out.add("broken " + keys(broken) + " code " + broken.get("error").get("code"));
        }
        return out;
    }

    private static String keysOf(String... keys) {
        return new TreeSet<>(List.of(keys)).toString();
    }

    private static TreeSet<String> keys(JsonNode n) {
        TreeSet<String> k = new TreeSet<>();
        n.propertyNames().forEach(k::add);
        return k;
    }

    /** The parsed answer, or {@code null} when none came within a second. */
    private static JsonNode request(Connection c, String subject, String body) throws Exception {
        Message m;
        try {
            m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
        } catch (Exception e) {
            return null;
        }
        return m == null ? null : JSON.readTree(m.getData());
    }

    private static Connection connect(String url, String user) throws Exception {
        return Nats.connect(Options.builder()
                .server(url)
                .userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }
}
