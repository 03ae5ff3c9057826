package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ServerInfo;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.jetstream.base.ServerVersion;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every place a client reads the server's version from, on this broker and on {@code nats-server} 2.15.1 started
 * from the same configuration file: INFO ({@code version}, {@code proto}, {@code api_lvl}) and jnats' view of it
 * (the comparisons it picks its API forms with), {@code /varz}, the {@code $SYS} statsz envelope and {@code VARZ} and JetStream's
 * account info. The values must be the same: clients switch features on from them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdvertisedVersionDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONFIG = """
            http_port: %d
            jetstream { store_dir: "%s" }
            accounts {
              SYS: { users: [ {user: sys, password: sys} ] }
              A: { jetstream: enabled, users: [ {user: a, password: a} ] }
            }
            system_account: SYS
            """;

    @TempDir
    Path dir;

    @Test
    void theAdvertisedVersionIsTheReferenceServers() throws Exception {
        Map<String, String> ours;
        int http = ReferenceNatsServer.freeTcpPort();
        Path file = config("ours", http);
        try (NatsBroker broker = new NatsBroker(BrokerConfigFile.load(file).options().toBuilder()
                .host("127.0.0.1")
                .port(0)
                .build())) {
            broker.start();
            ours = facts(broker.clientUrl(), http);
        }
        assertThat(ours)
                .containsEntry("info.version", ServerVersion.NATS_SERVER)
                .containsEntry("varz.version", ServerVersion.NATS_SERVER)
                .containsEntry("statsz.server.ver", ServerVersion.NATS_SERVER)
                .containsEntry("sys-varz.data.version", ServerVersion.NATS_SERVER)
                .containsEntry("jnats.newer-than-2.10.99", "true");
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        Map<String, String> theirs;
        http = ReferenceNatsServer.freeTcpPort();
        Path ref = config("reference", http);
        try (ReferenceNatsServer server =
                ReferenceNatsServer.start(dir.resolve("reference-log"), List.of("-c", ref.toString()))) {
            theirs = facts(server.url(), http);
        }
        assertThat(ours).isEqualTo(theirs);
    }

    private Path config(String name, int httpPort) throws Exception {
        Path store = dir.resolve(name + "-store");
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, CONFIG.formatted(httpPort, store.toString().replace("\\", "/")));
        return file;
    }

    /** What a client can read about the server's version, by where it reads it. */
    private static Map<String, String> facts(String url, int httpPort) throws Exception {
        Map<String, String> facts = new TreeMap<>();
        try (Connection a = connect(url, "a");
                Connection sys = connect(url, "sys")) {
            ServerInfo info = a.getServerInfo();
            facts.put("info.version", info.getVersion());
            facts.put("info.proto", Integer.toString(info.getProtocolVersion()));
            facts.put("info.headers", Boolean.toString(info.isHeadersSupported()));
            facts.put("info.jetstream", Boolean.toString(info.isJetStreamAvailable()));
            // jnats 2.26's switches: 2.9.0 consumer create, 2.9.99 multi filter, 2.10.99 batch direct get
            facts.put("jnats.same-or-newer-than-2.9.0", Boolean.toString(info.isSameOrNewerThanVersion("2.9.0")));
            facts.put("jnats.newer-than-2.9.99", Boolean.toString(info.isNewerVersionThan("2.9.99")));
            facts.put("jnats.newer-than-2.10.99", Boolean.toString(info.isNewerVersionThan("2.10.99")));
            facts.put("jnats.older-than-2.7.2", Boolean.toString(info.isOlderThanVersion("2.7.2")));
            JsonNode raw = JSON.readTree(rawInfo(url));
            facts.put("info.api_lvl", raw.path("api_lvl").asString("<none>"));

            JsonNode account = request(a, "$JS.API.INFO");
            facts.put("jsinfo.api.level", account.path("api").path("level").asString("<none>"));

            JsonNode statsz = request(sys, "$SYS.REQ.SERVER.PING.STATSZ");
            facts.put("statsz.server.ver", statsz.path("server").path("ver").asString("<none>"));
            JsonNode sysVarz = request(sys, "$SYS.REQ.SERVER.PING.VARZ");
            facts.put(
                    "sys-varz.data.version",
                    sysVarz.path("data").path("version").asString("<none>"));
        }
        HttpResponse<String> varz = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/varz"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode v = JSON.readTree(varz.body());
        facts.put("varz.version", v.path("version").asString("<none>"));
        facts.put("varz.proto", v.path("proto").asString("<none>"));
        return facts;
    }

    private static Connection connect(String url, String user) throws Exception {
        return Nats.connect(Options.builder()
                .server(url)
                .userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    private static JsonNode request(Connection c, String subject) throws Exception {
        Message m = c.request(subject, new byte[0], Duration.ofSeconds(5));
        assertThat(m).as(subject).isNotNull();
        return JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
    }

    /** INFO as sent (jnats does not expose {@code api_lvl}). */
    private static String rawInfo(String url) throws Exception {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            String line = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).startsWith("INFO {");
            return line.substring("INFO ".length());
        }
    }
}
