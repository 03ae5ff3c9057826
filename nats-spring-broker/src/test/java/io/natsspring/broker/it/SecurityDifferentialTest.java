package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * NKey users and the authorization details, each scenario run against this broker and against {@code nats-server}
 * 2.15 with the same configuration file, asserting the same observable behaviour (raw protocol transcripts where the
 * test is about the wire, jnats otherwise). The reference binary is {@code $NATS_SERVER_215_BIN} or
 * {@code /opt/nats/2.15.1/usr/sbin/nats-server}; without it the tests are skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecurityDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static NKey alice;
    private static NKey bob;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(REFERENCE)), "nats-server 2.15 not installed at " + REFERENCE);
        alice = NKey.createUser(null);
        bob = NKey.createUser(null);
    }

    private static String pub(NKey key) throws Exception {
        return new String(key.getPublicKey());
    }

    // ------------------------------------------------------------------ NKey users

    @Test
    void nkeyUserConnectsWithJnatsAndAWrongSeedIsRefused() throws Exception {
        String conf = "authorization {\n  users = [ { nkey: " + pub(alice) + " } ]\n}\n";
        onBoth(conf, port -> {
            Options.Builder good = new Options.Builder()
                    .server("nats://127.0.0.1:" + port)
                    .authHandler(Nats.staticCredentials(null, alice.getSeed()));
            try (Connection c = Nats.connect(good.build())) {
                Subscription s = c.subscribe("nk.test");
                c.publish("nk.test", "hi".getBytes(StandardCharsets.UTF_8));
                Message m = s.nextMessage(Duration.ofSeconds(3));
                assertThat(m).isNotNull();
            }
            Options wrong = new Options.Builder()
                    .server("nats://127.0.0.1:" + port)
                    .authHandler(Nats.staticCredentials(null, bob.getSeed()))
                    .connectionTimeout(Duration.ofMillis(700))
                    .noReconnect()
                    .build();
            assertThatThrownBy(() -> Nats.connect(wrong).close())
                    .isInstanceOf(IOException.class)
                    .hasStackTraceContaining("Authorization Violation");
            return "";
        });
    }

    @Test
    void infoCarriesANonceOnlyWhenNkeyUsersExist() throws Exception {
        String withNkeys = "authorization {\n  users = [ { nkey: " + pub(alice) + " }, {user: a, password: b} ]\n}\n";
        List<String> nonces = onBoth(withNkeys, port -> {
            try (RawClient c = new RawClient(port)) {
                JsonNode info = JSON.readTree(c.readInfo());
                assertThat(info.path("auth_required").asBoolean()).isTrue();
                return info.path("nonce").asString();
            }
        });
        assertThat(nonces).allSatisfy(n -> assertThat(n).matches("[A-Za-z0-9_-]{15}"));
        assertThat(nonces.get(0)).isNotEqualTo(nonces.get(1));

        String passwordsOnly = "authorization {\n  users = [ {user: a, password: b} ]\n}\n";
        sameOnBoth(passwordsOnly, port -> {
            try (RawClient c = new RawClient(port)) {
                return "nonce=" + JSON.readTree(c.readInfo()).has("nonce");
            }
        });
    }

    @Test
    void signaturesAreCheckedOnTheWire() throws Exception {
        String conf = "authorization {\n  users = [ { nkey: " + pub(alice) + " } ]\n}\n";
        String a = pub(alice);
        String transcript = sameOnBoth(conf, port -> {
            StringBuilder t = new StringBuilder();
            t.append("good: ")
                    .append(connectWithNkey(port, a, alice, false, true))
                    .append('\n');
            t.append("std base64: ")
                    .append(connectWithNkey(port, a, alice, true, true))
                    .append('\n');
            t.append("wrong seed: ")
                    .append(connectWithNkey(port, a, bob, false, true))
                    .append('\n');
            t.append("no sig: ")
                    .append(connectWithNkey(port, a, alice, false, false))
                    .append('\n');
            t.append("unknown nkey: ")
                    .append(connectWithNkey(port, pub(bob), bob, false, true))
                    .append('\n');
            t.append("nothing: ").append(connect(port, "{}", ""));
            return t.toString();
        });
        assertThat(transcript).isEqualTo("""
                        good: [PONG]
                        std base64: [PONG]
                        wrong seed: [-ERR 'Authorization Violation']
                        no sig: [-ERR 'Authorization Violation']
                        unknown nkey: [-ERR 'Authorization Violation']
                        nothing: [-ERR 'Authorization Violation']""");
    }

    private static List<String> connectWithNkey(int port, String nkey, NKey signer, boolean stdBase64, boolean sign)
            throws Exception {
        try (RawClient c = new RawClient(port)) {
            String nonce = JSON.readTree(c.readInfo()).path("nonce").asString();
            StringBuilder connect = new StringBuilder("{\"verbose\":false,\"nkey\":\"")
                    .append(nkey)
                    .append('"');
            if (sign) {
                byte[] sig = signer.sign(nonce.getBytes(StandardCharsets.UTF_8));
                String encoded = stdBase64
                        ? Base64.getEncoder().encodeToString(sig)
                        : Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
                connect.append(",\"sig\":\"").append(encoded).append('"');
            }
            c.send("CONNECT " + connect.append('}') + "\r\nPING\r\n");
            return untilPongOrClose(c);
        }
    }

    // ------------------------------------------------------------------ no_auth_user

    @Test
    void noAuthUserIsTheUserOfClientsWithoutCredentials() throws Exception {
        String conf = """
                authorization {
                  users = [
                    {user: a, password: pa, permissions: {publish: "ok.>"}}
                    {user: b, password: pb}
                    {nkey: %s, permissions: {publish: "nk.>"}}
                  ]
                }
                no_auth_user: a
                """.formatted(pub(alice));
        String transcript = sameOnBoth(
                conf,
                port -> connect(port, "{}", "PUB ok.1 0\r\n\r\nPUB no.1 0\r\n\r\n")
                        + "\n" + connect(port, "{\"user\":\"b\",\"pass\":\"pb\"}", "PUB no.1 0\r\n\r\n")
                        + "\n" + connect(port, "{\"user\":\"a\",\"pass\":\"wrong\"}", ""));
        assertThat(transcript).isEqualTo("""
                        [-ERR 'Permissions Violation for Publish to "no.1"', PONG]
                        [PONG]
                        [-ERR 'Authorization Violation']""");

        String nkeyDefault = conf.replace("no_auth_user: a", "no_auth_user: " + pub(alice));
        assertThat(sameOnBoth(nkeyDefault, port -> connect(port, "{}", "PUB nk.1 0\r\n\r\nPUB ok.1 0\r\n\r\n")))
                .isEqualTo("[-ERR 'Permissions Violation for Publish to \"ok.1\"', PONG]");
    }

    // ------------------------------------------------------------------ allow_responses

    @Test
    void allowResponsesLetsASubscriberAnswerRequestsItReceived() throws Exception {
        String conf = """
                authorization {
                  users = [
                    {user: svc, password: s, permissions: {subscribe: "svc.>", allow_responses: true}}
                    {user: svc2, password: s, permissions: {subscribe: "svc.>", allow_responses: {max: 2}}}
                    {user: cli, password: c}
                  ]
                }
                """;
        String transcript = sameOnBoth(conf, port -> answer(port, "svc", 1) + "\n" + answer(port, "svc2", 2));
        assertThat(transcript).isEqualTo("""
                        responder: [-ERR 'Permissions Violation for Publish to "rep.1"', \
                        -ERR 'Permissions Violation for Publish to "other"', PONG] requester got 1
                        responder: [-ERR 'Permissions Violation for Publish to "rep.1"', \
                        -ERR 'Permissions Violation for Publish to "other"', PONG] requester got 2""");
    }

    /** The responder answers one request {@code allowed + 1} times and publishes elsewhere once. */
    private static String answer(int port, String responder, int allowed) throws Exception {
        try (RawClient svc = new RawClient(port);
                RawClient cli = new RawClient(port)) {
            svc.handshake("{\"verbose\":false,\"user\":\"" + responder + "\",\"pass\":\"s\"}");
            svc.send("SUB svc.req 1\r\nPING\r\n").expect("PONG");
            cli.handshake("{\"verbose\":false,\"user\":\"cli\",\"pass\":\"c\"}");
            cli.send("SUB rep.1 9\r\nPING\r\n").expect("PONG");
            cli.send("PUB svc.req rep.1 2\r\nhi\r\nPING\r\n").expect("PONG");
            svc.expect("MSG svc.req 1 rep.1 2").expect("hi");
            StringBuilder answers = new StringBuilder();
            for (int i = 0; i <= allowed; i++) {
                answers.append("PUB rep.1 2\r\nok\r\n");
            }
            svc.send(answers + "PUB other 2\r\nno\r\nPING\r\n");
            List<String> lines = untilPongOrClose(svc);
            cli.send("PING\r\n");
            int got = 0;
            for (String l = cli.readLine(); !"PONG".equals(l); l = cli.readLine()) {
                if (l.startsWith("MSG rep.1 9")) {
                    got++;
                }
            }
            return "responder: " + lines + " requester got " + got;
        }
    }

    @Test
    void allowResponsesExpire() throws Exception {
        String conf = """
                authorization {
                  users = [
                    {user: svc, password: s, permissions: {subscribe: "svc.>", allow_responses: {max: -1, expires: "300ms"}}}
                    {user: cli, password: c}
                  ]
                }
                """;
        String transcript = sameOnBoth(conf, port -> {
            try (RawClient svc = new RawClient(port);
                    RawClient cli = new RawClient(port)) {
                svc.handshake("{\"verbose\":false,\"user\":\"svc\",\"pass\":\"s\"}");
                svc.send("SUB svc.req 1\r\nPING\r\n").expect("PONG");
                cli.handshake("{\"verbose\":false,\"user\":\"cli\",\"pass\":\"c\"}");
                cli.send("PUB svc.req rep.1 2\r\nhi\r\nPING\r\n").expect("PONG");
                svc.expect("MSG svc.req 1 rep.1 2").expect("hi");
                svc.send("PUB rep.1 2\r\nok\r\nPUB rep.1 2\r\nok\r\nPING\r\n");
                String early = untilPongOrClose(svc).toString();
                List<String> late = new ArrayList<>();
                await().atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            svc.send("PUB rep.1 2\r\nok\r\nPING\r\n");
                            late.clear();
                            late.addAll(untilPongOrClose(svc));
                            return late.size() > 1;
                        });
                return early + " then " + late;
            }
        });
        assertThat(transcript).isEqualTo("[PONG] then [-ERR 'Permissions Violation for Publish to \"rep.1\"', PONG]");
    }

    // ------------------------------------------------------------------ permissions and auth timeout

    @Test
    void queueGroupPermissionsAndDenyOverridingAllow() throws Exception {
        String conf = """
                authorization {
                  users = [
                    {user: q, password: q, permissions: {
                      publish: {allow: ">", deny: "pub.no"}
                      subscribe: {allow: ["foo.* q1", "bar.>"], deny: ["bar.secret", "foo.x q1"]}
                    }}
                  ]
                }
                """;
        String transcript = sameOnBoth(
                conf,
                port -> connect(
                        port,
                        "{\"user\":\"q\",\"pass\":\"q\"}",
                        "SUB foo.a 1\r\nSUB foo.a q1 2\r\nSUB foo.a q2 3\r\nSUB bar.secret 4\r\nSUB bar.a 5\r\n"
                                + "SUB foo.x q1 6\r\nPUB pub.no 0\r\n\r\nPUB pub.yes 0\r\n\r\n"));
        assertThat(transcript)
                .isEqualTo("[-ERR 'Permissions Violation for Subscription to \"foo.a\"', "
                        + "-ERR 'Permissions Violation for Subscription to \"foo.a\" using queue \"q2\"', "
                        + "-ERR 'Permissions Violation for Subscription to \"bar.secret\"', "
                        + "-ERR 'Permissions Violation for Subscription to \"foo.x\" using queue \"q1\"', "
                        + "-ERR 'Permissions Violation for Publish to \"pub.no\"', PONG]");
    }

    @Test
    void authTimeoutClosesASilentClient() throws Exception {
        String conf = "authorization {\n  token: t\n  timeout: 0.5\n}\n";
        String transcript = sameOnBoth(conf, port -> {
            try (RawClient c = new RawClient(port)) {
                c.readInfo();
                List<String> lines = c.readUntilClosed();
                lines.removeIf("PING"::equals);
                return lines.toString();
            }
        });
        assertThat(transcript).isEqualTo("[-ERR 'Authentication Timeout']");
    }

    // ------------------------------------------------------------------ support

    /** CONNECT (verbose off) with the fields of {@code connectJson}, then {@code ops} and a PING; the lines until PONG or close. */
    private static String connect(int port, String connectJson, String ops) throws Exception {
        try (RawClient c = new RawClient(port)) {
            c.readInfo();
            String json = connectJson.equals("{}")
                    ? "{\"verbose\":false}"
                    : connectJson.replaceFirst("\\{", "{\"verbose\":false,");
            c.send("CONNECT " + json + "\r\n" + ops + "PING\r\n");
            return untilPongOrClose(c).toString();
        }
    }

    private static List<String> untilPongOrClose(RawClient c) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = c.readLine(); l != null; l = c.readLine()) {
            if (l.equals("PING")) {
                continue;
            }
            lines.add(l);
            if (l.equals("PONG")) {
                break;
            }
        }
        return lines;
    }

    @FunctionalInterface
    interface Scenario {
        String run(int port) throws Exception;
    }

    /** Runs the scenario on both servers and asserts the same result; returns it. */
    private String sameOnBoth(String conf, Scenario scenario) throws Exception {
        List<String> results = onBoth(conf, scenario);
        assertThat(results.get(0))
                .as("this broker (expected: nats-server's result)")
                .isEqualTo(results.get(1));
        return results.get(0);
    }

    /** Runs the scenario on this broker, then on nats-server; returns both results in that order. */
    private List<String> onBoth(String conf, Scenario scenario) throws Exception {
        Path file = dir.resolve("server-" + System.nanoTime() + ".conf");
        Files.writeString(file, conf);
        List<String> results = new ArrayList<>();
        BrokerOptions options = BrokerConfigFile.load(file, name -> null).options().toBuilder()
                .host("127.0.0.1")
                .port(0)
                .build();
        try (NatsBroker broker = new NatsBroker(options).start()) {
            results.add(scenario.run(broker.port()));
        }
        int port = freePort();
        Path log = dir.resolve("nats-server-" + port + ".log");
        Process p = new ProcessBuilder(REFERENCE, "-c", file.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
            results.add(scenario.run(port));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        return results;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
