package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account-level options on this broker and on {@code nats-server} 2.15 started from the same configuration file:
 * {@code limits} ({@code max_connections}, {@code max_subscriptions}, {@code max_payload}) with their {@code -ERR}
 * texts on the wire, {@code default_permissions}, and a service export's {@code response_threshold}. Without the
 * reference binary ({@code $NATS_SERVER_215_BIN} or {@code /opt/nats/2.15.1/usr/sbin/nats-server}) only this
 * broker is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountOptionsDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String CONFIG = """
            accounts {
              LC: {
                users: [ {user: lc, password: lc} ]
                limits { max_connections: 2, max_leafnodes: 0 }
              }
              LJ: {
                users: [ {user: lj, password: lj} ]
                limits { max_connections: 2 }
              }
              LS: {
                users: [ {user: ls, password: ls} ]
                limits { max_subs: 2 }
              }
              LP: {
                users: [ {user: lp, password: lp} ]
                limits: { max_payload: 16 }
              }
              DP: {
                default_permissions: { publish: "allowed.>", subscribe: ["allowed.>", "_INBOX.>"] }
                users: [
                  {user: dp1, password: dp1}
                  {user: dp2, password: dp2, permissions: { publish: ">", subscribe: ">" }}
                ]
              }
              S: {
                users: [ {user: s, password: s} ]
                exports: [ {service: "slow.>", response_threshold: "1s"} ]
              }
              R: {
                users: [ {user: r, password: r} ]
                imports: [ {service: {account: S, subject: "slow.>"}} ]
              }
            }
            """;

    @TempDir
    static Path dir;

    private static final List<Target> TARGETS = new ArrayList<>();

    record Target(String name, String url, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        Path ours = dir.resolve("ours.conf");
        Files.writeString(ours, CONFIG);
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, CONFIG);
            int port = freePort();
            Process p = new ProcessBuilder(REFERENCE, "-c", ref.toString(), "-a", "127.0.0.1", "-p", "" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ref.log").toFile())
                    .start();
            String url = "nats://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                connect(url, "s").close();
                return true;
            });
            TARGETS.add(new Target("nats-server", url, () -> {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Target t : TARGETS) {
            t.stop().close();
        }
        TARGETS.clear();
    }

    private static List<Object> onEach(Scenario scenario) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            seen.put(t.name(), scenario.run(t.url()));
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        return new ArrayList<>(seen.values());
    }

    @FunctionalInterface
    interface Scenario {
        Object run(String url) throws Exception;
    }

    @Test
    void maxConnectionsRefusesTheConnectionBeyondTheLimitWithTheAccountError() throws Exception {
        List<Object> r = onEach(url -> {
            int port = URI.create(url).getPort();
            List<String> seen = new ArrayList<>();
            try (RawClient one = login(port, "lc");
                    RawClient two = login(port, "lc");
                    RawClient three = new RawClient(port)) {
                three.handshake(connectJson("lc"));
                three.send("PING\r\n");
                seen.add(three.readLine());
                seen.add(String.valueOf(three.readLine()));
                one.send("PING\r\n");
                seen.add(one.readLine());
            }
            // the slots are free again once the connections are gone
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (RawClient again = login(port, "lc")) {
                    assertThat(again).isNotNull();
                }
            });
            return seen;
        });
        assertThat(r.get(0)).isEqualTo(List.of("-ERR 'maximum account active connections exceeded'", "null", "PONG"));
    }

    @Test
    void maxConnectionsAsAClientSeesIt() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection one = connect(url, "lj");
                    Connection two = connect(url, "lj")) {
                List<String> errors = new CopyOnWriteArrayList<>();
                // the outcome from the -ERR: jnats itself would report it after its 15 s connection timeout
                String third = JnatsLogin.outcome(() -> connect(url, "lj", errors), errors, Duration.ofSeconds(20));
                return third.equals("ok")
                        ? "connected"
                        : "refused: " + errors.stream().distinct().toList();
            }
        });
        assertThat(r.get(0)).isEqualTo("refused: [maximum account active connections exceeded]");
    }

    @Test
    void theInfoAfterTheFirstPongNamesTheAccountAndItsMaxPayload() throws Exception {
        List<Object> r = onEach(url -> {
            int port = URI.create(url).getPort();
            List<String> seen = new ArrayList<>();
            for (String user : List.of("lp", "ls")) {
                try (RawClient c = new RawClient(port)) {
                    c.handshake(connectJson(user));
                    c.send("PING\r\n").expect("PONG");
                    String info = c.readLine();
                    for (String field : List.of("max_payload", "remote_account", "connect_info")) {
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                                        "\"" + field + "\":(\"[^\"]*\"|[0-9a-z]+)")
                                .matcher(info);
                        seen.add(field + "=" + (m.find() ? m.group(1) : "-"));
                    }
                    c.send("PING\r\n").expect("PONG");
                }
            }
            return seen;
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "max_payload=16",
                        "remote_account=\"LP\"",
                        "connect_info=true",
                        "max_payload=1048576",
                        "remote_account=\"LS\"",
                        "connect_info=true"));
    }

    @Test
    void jnatsLearnsTheAccountsMaxPayloadAndRefusesALargerMessageItself() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection c = connect(url, "lp")) {
                c.flush(WAIT);
                try {
                    c.publish("p", new byte[17]);
                    c.flush(WAIT);
                    return List.of(c.getServerInfo().getMaxPayload(), "sent");
                } catch (IllegalArgumentException e) {
                    return List.of(c.getServerInfo().getMaxPayload(), "refused by the client");
                }
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(16L, "refused by the client"));
    }

    @Test
    void maxSubscriptionsRefusesTheSubscriptionAndKeepsTheConnection() throws Exception {
        List<Object> r = onEach(url -> {
            int port = URI.create(url).getPort();
            List<String> seen = new ArrayList<>();
            try (RawClient c = login(port, "ls")) {
                c.send("SUB a 1\r\nSUB b 2\r\nSUB a 1\r\nSUB c 3\r\nPING\r\n");
                seen.add(c.readLine());
                seen.add(c.readLine());
                c.send("UNSUB 1\r\nSUB c 3\r\nPUB c 2\r\nhi\r\nPING\r\n");
                seen.add(c.readLine());
                seen.add(c.readLine());
                seen.add(c.readLine());
            }
            return seen;
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "-ERR 'maximum subscriptions exceeded'",
                        "-ERR 'maximum subscriptions exceeded'",
                        "PONG",
                        "MSG c 3 2",
                        "hi"));
    }

    @Test
    void maxSubscriptionsAsAClientSeesIt() throws Exception {
        List<Object> r = onEach(url -> {
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection c = connect(url, "ls", errors)) {
                c.subscribe("x");
                c.subscribe("y");
                c.subscribe("z");
                c.flush(WAIT);
                await().atMost(WAIT).until(() -> !errors.isEmpty());
                return List.of(List.copyOf(errors), c.getStatus().toString());
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(List.of("maximum subscriptions exceeded"), "CONNECTED"));
    }

    @Test
    void maxPayloadOfTheAccountClosesTheConnectionOfAnOversizedPublish() throws Exception {
        List<Object> r = onEach(url -> {
            int port = URI.create(url).getPort();
            List<String> seen = new ArrayList<>();
            try (RawClient c = login(port, "lp")) {
                c.send("SUB p 1\r\nPUB p 16\r\n0123456789abcdef\r\nPING\r\n");
                seen.add(c.readLine());
                seen.add(c.readLine());
                seen.add(c.readLine());
                c.send("PUB p 17\r\n0123456789abcdefg\r\n");
                seen.add(c.readLine());
                seen.add(String.valueOf(c.readLine()));
            }
            return seen;
        });
        assertThat(r.get(0))
                .isEqualTo(
                        List.of("MSG p 1 16", "0123456789abcdef", "PONG", "-ERR 'Maximum Payload Violation'", "null"));
    }

    @Test
    void defaultPermissionsApplyToTheAccountsUsersWithoutPermissions() throws Exception {
        List<Object> r = onEach(url -> {
            int port = URI.create(url).getPort();
            List<String> seen = new ArrayList<>();
            try (RawClient restricted = login(port, "dp1");
                    RawClient own = login(port, "dp2")) {
                restricted.send("PUB allowed.x 0\r\n\r\nPUB other 0\r\n\r\nSUB other 1\r\nPING\r\n");
                seen.add(restricted.readLine());
                seen.add(restricted.readLine());
                seen.add(restricted.readLine());
                own.send("PUB other 0\r\n\r\nSUB other 1\r\nPING\r\n");
                seen.add(own.readLine());
            }
            return seen;
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "-ERR 'Permissions Violation for Publish to \"other\"'",
                        "-ERR 'Permissions Violation for Subscription to \"other\"'",
                        "PONG",
                        "PONG"));
    }

    @Test
    void anAnswerAfterTheResponseThresholdNeverReachesTheRequester() throws Exception {
        List<Object> r = onEach(url -> {
            try (Connection s = connect(url, "s");
                    Connection req = connect(url, "r")) {
                Dispatcher d = s.createDispatcher(m -> {
                    if (m.getSubject().equals("slow.late")) {
                        // nats-server sweeps expired responses every threshold: more than twice it is certain (a
                        // threshold of 1 s, not less: on a loaded machine the quick answer must still make it)
                        sleepQuietly(3000);
                    }
                    s.publish(m.getReplyTo(), "answer".getBytes(StandardCharsets.UTF_8));
                });
                d.subscribe("slow.>");
                s.flush(WAIT);
                Message quick = req.request("slow.quick", new byte[0], WAIT);
                String late;
                try {
                    Message m = req.request("slow.late", new byte[0], Duration.ofMillis(5000));
                    late = m == null ? "no answer" : new String(m.getData(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    late = "no answer";
                }
                return List.of(new String(quick.getData(), StandardCharsets.UTF_8), late);
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of("answer", "no answer"));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String connectJson(String user) {
        return "{\"verbose\":false,\"pedantic\":false,\"user\":\"" + user + "\",\"pass\":\"" + user
                + "\",\"protocol\":1}";
    }

    /**
     * A raw client logged in as {@code user} (password = user name), checked with a PING; the INFO that follows
     * the first PONG of a protocol-1 client is read too.
     */
    private static RawClient login(int port, String user) throws IOException {
        RawClient c = new RawClient(port);
        c.handshake(connectJson(user));
        c.send("PING\r\n").expect("PONG");
        assertThat(c.readLine()).startsWith("INFO {").contains("\"connect_info\":true");
        return c;
    }

    private static Connection connect(String url, String user) throws Exception {
        return connect(url, user, new CopyOnWriteArrayList<>());
    }

    private static Connection connect(String url, String user, List<String> errors) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(15))
                .maxReconnects(0)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                })
                .build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
