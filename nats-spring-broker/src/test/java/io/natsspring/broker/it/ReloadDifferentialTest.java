package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import io.natsspring.broker.it.tls.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration reload, each scenario run against this broker ({@link NatsBroker#reload} with the file read again)
 * and against {@code nats-server} 2.15 ({@code kill -HUP} after rewriting its file), asserting the same
 * client-observable outcome: wire transcripts of raw clients, jnats where the test is about a client staying
 * connected, the certificate a new TLS handshake sees. Skipped without the reference binary
 * ({@code $NATS_SERVER_215_BIN} or {@code /opt/nats/2.15.1/usr/sbin/nats-server}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReloadDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");

    @TempDir
    Path dir;

    @BeforeAll
    static void reference() {
        assumeTrue(Files.isExecutable(Path.of(REFERENCE)), "nats-server 2.15 not installed at " + REFERENCE);
    }

    private static String users(String... userPass) {
        StringBuilder b = new StringBuilder("authorization {\n  timeout: 10\n  users = [\n");
        for (int i = 0; i < userPass.length; i += 2) {
            b.append("    { user: ")
                    .append(userPass[i])
                    .append(", password: ")
                    .append(userPass[i + 1])
                    .append(" }\n");
        }
        return b.append("  ]\n}\n").toString();
    }

    private static String login(String user, String pass) {
        return "{\"verbose\":false,\"pedantic\":false,\"user\":\"" + user + "\",\"pass\":\"" + pass
                + "\",\"protocol\":1,\"headers\":true}";
    }

    @Test
    void aJnatsClientStaysConnectedAcrossAReloadThatAddsAUser() throws Exception {
        sameOnBoth(users("a", "pa"), (port, reload) -> {
            List<String> events = new ArrayList<>();
            Options options = new Options.Builder()
                    .server("nats://127.0.0.1:" + port)
                    .userInfo("a", "pa")
                    .connectionTimeout(Duration.ofSeconds(10))
                    .connectionListener((conn, type) -> events.add(type.name()))
                    .build();
            try (Connection a = Nats.connect(options)) {
                Subscription sub = a.subscribe("greet");
                a.flush(Duration.ofSeconds(3));
                String outcome = reload.apply(users("a", "pa", "b", "pb"));
                try (Connection b = Nats.connect(new Options.Builder()
                        .server("nats://127.0.0.1:" + port)
                        .userInfo("b", "pb")
                        .connectionTimeout(Duration.ofSeconds(10))
                        .build())) {
                    b.publish("greet", "hi".getBytes(StandardCharsets.UTF_8));
                    b.flush(Duration.ofSeconds(3));
                }
                Message m = sub.nextMessage(Duration.ofSeconds(3));
                a.flush(Duration.ofSeconds(3));
                return outcome + " | a received " + (m == null ? null : new String(m.getData(), StandardCharsets.UTF_8))
                        + " | a status " + a.getStatus() + " | events " + events;
            }
        });
    }

    @Test
    void aRemovedUserIsDisconnectedAndTheOthersStay() throws Exception {
        sameOnBoth(users("a", "pa", "b", "pb"), (port, reload) -> {
            try (Peer a = new Peer(port, login("a", "pa"));
                    Peer b = new Peer(port, login("b", "pb"))) {
                a.send("SUB x 1\r\n");
                a.observe();
                b.observe();
                String outcome = reload.apply(users("a", "pa"));
                return outcome + " | a " + a.observe() + " | b " + b.observe();
            }
        });
    }

    @Test
    void aChangedPasswordGetsAuthorizationViolation() throws Exception {
        sameOnBoth(users("a", "pa", "b", "pb"), (port, reload) -> {
            try (Peer a = new Peer(port, login("a", "pa"));
                    Peer b = new Peer(port, login("b", "pb"))) {
                a.observe();
                b.observe();
                String outcome = reload.apply(users("a", "changed", "b", "pb"));
                return outcome + " | a " + a.observe() + " | b " + b.observe();
            }
        });
    }

    @Test
    void aChangedTokenGetsAuthorizationViolation() throws Exception {
        sameOnBoth("authorization { token: s3cret }\n", (port, reload) -> {
            try (Peer a = new Peer(port, "{\"verbose\":false,\"auth_token\":\"s3cret\",\"protocol\":1}")) {
                a.observe();
                String outcome = reload.apply("authorization { token: other }\n");
                return outcome + " | a " + a.observe();
            }
        });
    }

    @Test
    void changedPermissionsApplyAndForbiddenSubscriptionsAreRemoved() throws Exception {
        String before = "authorization {\n  users = [\n"
                + "    { user: a, password: pa, permissions: { publish: \">\", subscribe: \">\" } }\n"
                + "    { user: p, password: pp }\n  ]\n}\n";
        String after = "authorization {\n  users = [\n"
                + "    { user: a, password: pa, permissions: { publish: \"allowed.>\", subscribe: [\"foo\", \"q\"] } }\n"
                + "    { user: p, password: pp }\n  ]\n}\n";
        sameOnBoth(before, (port, reload) -> {
            try (Peer a = new Peer(port, login("a", "pa"));
                    Peer p = new Peer(port, login("p", "pp"))) {
                a.send("SUB foo 1\r\nSUB bar 2\r\nSUB q workers 3\r\nSUB baz grp 4\r\n");
                a.observe();
                p.observe();
                String outcome = reload.apply(after);
                String removed = a.observeSorted();
                p.send("PUB foo 2\r\nok\r\nPUB bar 2\r\nno\r\n");
                p.observe();
                String delivered = a.observe();
                a.send("PUB denied 1\r\nx\r\nSUB other 5\r\n");
                return outcome + " | a after reload " + removed + " | a gets " + delivered + " | a then " + a.observe();
            }
        });
    }

    @Test
    void usersMovedToAnotherAccountAreDisconnectedAndAddedAccountsServe() throws Exception {
        String before = "accounts {\n  A: { users: [ { user: a, password: pa }, { user: m, password: pm } ] }\n"
                + "  B: { users: [ { user: b, password: pb } ] }\n}\n";
        String after = "accounts {\n  A: { users: [ { user: a, password: pa } ] }\n"
                + "  B: { users: [ { user: b, password: pb }, { user: m, password: pm } ] }\n"
                + "  C: { users: [ { user: c, password: pc }, { user: c2, password: pc2 } ] }\n}\n";
        sameOnBoth(before, (port, reload) -> {
            try (Peer a = new Peer(port, login("a", "pa"));
                    Peer m = new Peer(port, login("m", "pm"));
                    Peer b = new Peer(port, login("b", "pb"))) {
                a.send("SUB s 1\r\n");
                b.send("SUB s 1\r\n");
                String first = a.observe() + m.observe() + b.observe();
                String outcome = first + " " + reload.apply(after);
                String moved = m.observe();
                try (Peer c = new Peer(port, login("c", "pc"));
                        Peer c2 = new Peer(port, login("c2", "pc2"))) {
                    c.send("SUB s 1\r\n");
                    c.observe();
                    c2.send("PUB s 2\r\nc2\r\n");
                    c2.observe();
                    return outcome + " | m " + moved + " | c " + c.observe() + " | a " + a.observe() + " | b "
                            + b.observe();
                }
            }
        });
    }

    @Test
    void aSettingThatCanNotBeReloadedRefusesTheWholeReload() throws Exception {
        sameOnBoth("server_name: first\n" + users("a", "pa"), (port, reload) -> {
            try (Peer a = new Peer(port, login("a", "pa"))) {
                a.observe();
                String outcome = reload.apply("server_name: second\n" + users("b", "pb"));
                String old;
                try (Peer again = new Peer(port, login("a", "pa"))) {
                    old = again.observe();
                }
                String added;
                try (Peer b = new Peer(port, login("b", "pb"))) {
                    added = b.observe();
                }
                return outcome + " | a " + a.observe() + " | a again " + old + " | b " + added;
            }
        });
    }

    @Test
    void aBrokenFileIsRefusedAndTheRunningConfigurationStays() throws Exception {
        sameOnBoth(users("a", "pa"), (port, reload) -> {
            try (Peer a = new Peer(port, login("a", "pa"))) {
                a.observe();
                String outcome = reload.apply("authorization {\n  users = [ { user: b, password: pb }\n");
                String b;
                try (Peer peer = new Peer(port, login("b", "pb"))) {
                    b = peer.observe();
                }
                return (outcome.startsWith("refused") ? "refused" : outcome) + " | a " + a.observe() + " | b " + b;
            }
        });
    }

    @Test
    void rotatedCertificatesServeNewHandshakesAndEstablishedConnectionsStay() throws Exception {
        TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
        TestPki.Issued first = pki.server();
        TestPki.Issued second = pki.serverWith("rotated", false, TestPki.KeyForm.PKCS8);
        sameOnBoth(tls(first), (port, reload) -> {
            Options options = new Options.Builder()
                    .server("nats://127.0.0.1:" + port)
                    .sslContext(pki.trustingClient())
                    .connectionTimeout(Duration.ofSeconds(10))
                    .build();
            try (Connection c = Nats.connect(options)) {
                BigInteger before = handshakeSerial(port, pki.trustingClient());
                String outcome = reload.apply(tls(second));
                BigInteger after = handshakeSerial(port, pki.trustingClient());
                Subscription s = c.subscribe("tls.x");
                c.publish("tls.x", "still".getBytes(StandardCharsets.UTF_8));
                Message m = s.nextMessage(Duration.ofSeconds(3));
                return outcome + " | first handshake " + name(before, first, second) + " | after reload "
                        + name(after, first, second) + " | old connection " + c.getStatus() + " got "
                        + (m == null ? null : new String(m.getData(), StandardCharsets.UTF_8));
            }
        });
    }

    private static String tls(TestPki.Issued cert) {
        return "tls {\n  cert_file: \"" + cert.certFile() + "\"\n  key_file: \"" + cert.keyFile() + "\"\n}\n";
    }

    private static String name(BigInteger serial, TestPki.Issued first, TestPki.Issued second) {
        if (serial.equals(first.certificate().getSerialNumber())) {
            return "first";
        }
        return serial.equals(second.certificate().getSerialNumber()) ? "second" : "unknown";
    }

    /** The serial number of the certificate a new TLS connection (upgraded after INFO) is served. */
    private static BigInteger handshakeSerial(int port, SSLContext context) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            plain.setSoTimeout(10_000);
            int b;
            while ((b = plain.getInputStream().read()) >= 0 && b != '\n') {
                // skip the INFO line
            }
            try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                return ((X509Certificate) ssl.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        }
    }

    // ------------------------------------------------------------------ harness

    /** Rewrites the configuration file and reloads it; returns {@code ok}, or {@code refused: <error>}. */
    @FunctionalInterface
    interface Reloader {
        String apply(String newConfiguration) throws Exception;
    }

    @FunctionalInterface
    interface Scenario {
        String run(int port, Reloader reload) throws Exception;
    }

    private void sameOnBoth(String conf, Scenario scenario) throws Exception {
        Path file = dir.resolve("server-" + System.nanoTime() + ".conf");
        Files.writeString(file, conf);
        String ours;
        try (NatsBroker broker = new NatsBroker(fileOptions(file)).start()) {
            ours = scenario.run(broker.port(), newConf -> {
                Files.writeString(file, newConf);
                try {
                    broker.reload(fileOptions(file));
                    return "ok";
                } catch (RuntimeException e) {
                    return "refused: " + e.getMessage();
                }
            });
        }
        Files.writeString(file, conf);
        int port = freePort();
        Path log = dir.resolve("nats-server-" + port + ".log");
        Process p = new ProcessBuilder(REFERENCE, "-c", file.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String theirs;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
            theirs = scenario.run(port, newConf -> {
                int before = reloadLines(log).size();
                Files.writeString(file, newConf);
                new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid()))
                        .start()
                        .waitFor(5, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> reloadLines(log).size() > before);
                String line = reloadLines(log).get(before);
                int failed = line.indexOf("Failed to reload server configuration: ");
                return failed < 0
                        ? "ok"
                        : "refused: " + line.substring(failed + "Failed to reload server configuration: ".length());
            });
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(ours).as("this broker (expected: nats-server's outcome)").isEqualTo(theirs);
    }

    private static BrokerOptions fileOptions(Path file) {
        return BrokerConfigFile.load(file, name -> null).options().toBuilder()
                .host("127.0.0.1")
                .port(0)
                .build();
    }

    private static List<String> reloadLines(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("Reloaded server configuration")
                        || l.contains("Failed to reload server configuration"))
                .toList();
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

    /** A raw client: CONNECT at once, then reads what the server sent until it is quiet, closed, or answers PING. */
    static final class Peer implements AutoCloseable {

        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Peer(int port, String connectJson) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            socket.setSoTimeout(3000);
            String info = in.readLine();
            assertThat(info).startsWith("INFO ");
            send("CONNECT " + connectJson + "\r\n");
        }

        void send(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /**
         * Sends PING and reads until its PONG or the end of the stream: the lines in between (server PINGs
         * left out), then {@code PONG} or {@code <closed>}.
         */
        String observe() throws IOException {
            List<String> lines = new ArrayList<>();
            try {
                send("PING\r\n");
            } catch (IOException e) {
                // already closed: read what arrived before
            }
            try {
                while (true) {
                    String l = in.readLine();
                    if (l == null) {
                        lines.add("<closed>");
                        break;
                    }
                    if (l.equals("PONG")) {
                        lines.add(l);
                        break;
                    }
                    // nats-server sends a second INFO once the CONNECT is processed; not what these tests are about
                    if (!l.equals("PING") && !l.startsWith("INFO ")) {
                        lines.add(l);
                    }
                }
            } catch (SocketTimeoutException e) {
                lines.add("<timeout>");
            } catch (IOException e) {
                lines.add("<closed>");
            }
            return lines.toString();
        }

        /** As {@link #observe()}, the lines before the last sorted (nats-server walks its subscriptions unordered). */
        String observeSorted() throws IOException {
            String seen = observe();
            List<String> lines =
                    new ArrayList<>(List.of(seen.substring(1, seen.length() - 1).split(", (?=-ERR|PONG|<)")));
            String last = lines.remove(lines.size() - 1);
            lines.sort(null);
            lines.add(last);
            return lines.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
