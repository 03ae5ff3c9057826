package io.natsspring.broker.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lame-duck mode on our broker and on {@code nats-server} 2.15.1, the same scenario: a raw-socket client (protocol 1,
 * after its first PONG) receives an INFO with {@code "ldm":true}, jnats reports {@link
 * ConnectionListener.Events#LAME_DUCK}, new connections are refused, and after the grace period the clients are
 * closed and the server stops.
 */
class LameDuckModeDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** What one server did. */
    record Outcome(JsonNode ldmInfo, boolean lameDuckEvent, boolean refusedNewClients, boolean stopped) {}

    @Test
    void lameDuckModeAnnouncesItselfThenStopsAsNatsServer() throws Exception {
        Outcome ours;
        BrokerOptions options = BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .jetStream(true)
                .storeDir(dir.resolve("ours"))
                .lameDuckDuration(Duration.ofSeconds(30))
                .lameDuckGracePeriod(Duration.ofSeconds(1))
                .build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            int port = broker.port();
            ours = scenario(port, () -> broker.enterLameDuckMode(), () -> {
                broker.terminated().get(15, TimeUnit.SECONDS);
                return !broker.isRunning();
            });
        }
        assertThat(ours.ldmInfo().path("ldm").asBoolean()).isTrue();
        assertThat(ours.lameDuckEvent()).isTrue();
        assertThat(ours.refusedNewClients()).isTrue();
        assertThat(ours.stopped()).isTrue();

        Assumptions.assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
        Path conf = dir.resolve("ldm.conf");
        Files.writeString(conf, "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"1s\"\n");
        Outcome theirs;
        try (ReferenceNatsServer server =
                ReferenceNatsServer.startWithJetStream(dir.resolve("theirs"), List.of("-c", conf.toString()))) {
            Process p = server.process();
            theirs = scenario(
                    server.port(),
                    () -> new ProcessBuilder("kill", "-USR2", Long.toString(p.pid()))
                            .start()
                            .waitFor(),
                    () -> p.waitFor(15, TimeUnit.SECONDS));
        }
        assertThat(theirs).isEqualTo(new Outcome(theirs.ldmInfo(), true, true, true));
        assertThat(ours.ldmInfo().path("ldm").asBoolean())
                .isEqualTo(theirs.ldmInfo().path("ldm").asBoolean());
        // the same fields as nats-server's, besides the ones only one of the two servers has
        for (String field : List.of("server_id", "proto", "headers", "max_payload", "client_id", "jetstream")) {
            assertThat(ours.ldmInfo().has(field))
                    .as(field)
                    .isEqualTo(theirs.ldmInfo().has(field));
        }
    }

    interface Action {
        void run() throws Exception;
    }

    interface Check {
        boolean get() throws Exception;
    }

    private static Outcome scenario(int port, Action enterLameDuckMode, Check stops) throws Exception {
        List<ConnectionListener.Events> events = new CopyOnWriteArrayList<>();
        try (Socket raw = new Socket("127.0.0.1", port);
                Connection jnats = Nats.connect(new Options.Builder()
                        .server("nats://127.0.0.1:" + port)
                        .maxReconnects(0)
                        .connectionListener((c, e) -> events.add(e))
                        .build())) {
            raw.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = raw.getOutputStream();
            assertThat(in.readLine()).startsWith("INFO ");
            out.write("CONNECT {\"protocol\":1,\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line;
            do {
                line = in.readLine();
            } while (!"PONG".equals(line));
            jnats.flush(Duration.ofSeconds(5));
            enterLameDuckMode.run();
            JsonNode ldm = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("INFO ")) {
                    JsonNode info = JSON.readTree(line.substring(5));
                    if (info.path("ldm").asBoolean()) {
                        ldm = info;
                        break;
                    }
                }
            }
            assertThat(ldm).as("INFO with ldm").isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(ConnectionListener.Events.LAME_DUCK));
            boolean refused;
            try {
                assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
                refused = true;
            } catch (AssertionError e) {
                refused = false;
            }
            return new Outcome(ldm, events.contains(ConnectionListener.Events.LAME_DUCK), refused, stops.get());
        }
    }
}
