package io.natsspring.broker.it.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The system events a server sends about itself when it goes away, on this broker and on {@code nats-server} 2.15,
 * each started from the same configuration file: {@code $SYS.SERVER.<id>.LAMEDUCK} when lame-duck mode begins and
 * {@code $SYS.SERVER.<id>.SHUTDOWN} when it stops, both carrying the bare server identity (no envelope, no type),
 * received by a system-account client that is still connected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLifecycleEventsDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Only nats-server has it (capabilities of its clustering); every other field must match. */
    private static final String CONFIG = """
            lame_duck_duration: "30s"
            lame_duck_grace_period: "1s"
            accounts {
              SYS: { users: [ {user: sys, password: sys} ] }
              A: { users: [ {user: a, password: a} ] }
            }
            system_account: SYS
            """;

    @TempDir
    Path dir;

    /** What a system client saw: the event's subject (the id replaced) and the payload's field names. */
    record Seen(String subject, TreeSet<String> fields, boolean idMatches) {}

    @Test
    void lameDuckEventAsNatsServer() throws Exception {
        Map<String, Seen> seen = new LinkedHashMap<>();
        Path ours = dir.resolve("ours.conf");
        Files.writeString(ours, CONFIG);
        try (NatsBroker broker = new NatsBroker(options(ours))) {
            broker.start();
            seen.put("broker", observe(broker.clientUrl(), "LAMEDUCK", broker::enterLameDuckMode));
            broker.terminated().get(30, TimeUnit.SECONDS);
        }
        if (ReferenceNatsServer.available()) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, CONFIG);
            try (ReferenceNatsServer server =
                    ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", ref.toString()))) {
                Process p = server.process();
                seen.put("nats-server", observe(server.url(), "LAMEDUCK", () -> signal(p, "-USR2")));
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertSame(seen, "LAMEDUCK");
    }

    @Test
    void shutdownEventAsNatsServer() throws Exception {
        Map<String, Seen> seen = new LinkedHashMap<>();
        Path ours = dir.resolve("ours.conf");
        Files.writeString(ours, CONFIG);
        try (NatsBroker broker = new NatsBroker(options(ours))) {
            broker.start();
            seen.put("broker", observe(broker.clientUrl(), "SHUTDOWN", () -> new Thread(broker::close).start()));
        }
        if (ReferenceNatsServer.available()) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, CONFIG);
            try (ReferenceNatsServer server =
                    ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", ref.toString()))) {
                Process p = server.process();
                seen.put("nats-server", observe(server.url(), "SHUTDOWN", () -> signal(p, "-TERM")));
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertSame(seen, "SHUTDOWN");
    }

    private static void assertSame(Map<String, Seen> seen, String event) {
        assertThat(seen).hasSize(ReferenceNatsServer.available() ? 2 : 1);
        Seen broker = seen.get("broker");
        assertThat(broker.subject()).isEqualTo("$SYS.SERVER.<id>." + event);
        assertThat(broker.idMatches()).isTrue();
        assertThat(broker.fields()).contains("id", "name", "host", "ver", "seq", "time", "jetstream", "flags");
        assertThat(List.copyOf(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(s -> assertThat(s).isEqualTo(broker));
    }

    interface Action {
        void run() throws Exception;
    }

    private static Seen observe(String url, String event, Action trigger) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        try (Connection sys = Nats.connect(Options.builder()
                .server(url)
                .userInfo("sys", "sys")
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build())) {
            String id = sys.getServerInfo().getServerId();
            Dispatcher d = sys.createDispatcher(received::add);
            d.subscribe("$SYS.SERVER.*." + event);
            sys.flush(Duration.ofSeconds(5));
            trigger.run();
            Message m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).as(event + " event").isNotNull();
            JsonNode payload = JSON.readTree(m.getData());
            TreeSet<String> fields = new TreeSet<>();
            payload.propertyNames().forEach(fields::add);
            return new Seen(
                    m.getSubject().replace(id, "<id>"),
                    fields,
                    id.equals(payload.path("id").asString()));
        }
    }

    private static void signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor();
    }

    private static io.natsspring.broker.BrokerOptions options(Path file) {
        return BrokerConfigFile.load(file).options().toBuilder()
                .host("127.0.0.1")
                .port(0)
                .build();
    }
}
