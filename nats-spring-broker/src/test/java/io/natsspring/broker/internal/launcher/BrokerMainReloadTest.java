package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone broker as a separate process: {@code SIGHUP} (sent with {@code --signal reload=<pid>}, as with
 * {@code nats-server}) re-reads the configuration file; a broken file is refused with its line named and the
 * running configuration stays.
 */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerMainReloadTest {

    @TempDir
    Path dir;

    @Test
    void sighupReloadsTheFileAndABrokenFileIsRefused() throws Exception {
        assumeTrue(!System.getProperty("os.name").toLowerCase().contains("win"), "signals are POSIX");
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "authorization { timeout: 10, users = [ { user: a, password: pa } ] }\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("broker.log");
        Process broker = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerMain.class.getName(),
                        "-c",
                        conf.toString(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).contains("Server is ready"));
            assertThat(login(port, "a", "pa")).isEqualTo("PONG");
            assertThat(login(port, "b", "pb")).isEqualTo("-ERR 'Authorization Violation'");

            Files.writeString(
                    conf,
                    "authorization { timeout: 10, users = [ { user: a, password: pa }, { user: b, password: pb } ] }\n");
            assertThat(signal("reload=" + broker.pid())).isZero();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(log).contains("Reloaded server configuration"));
            assertThat(login(port, "b", "pb")).isEqualTo("PONG");

            Files.writeString(conf, "authorization {\n  users = [ { user: c, password: pc } ]\n  bogus_key: 1\n}\n");
            assertThat(signal("reload=" + broker.pid())).isZero();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(log).contains("Failed to reload server configuration"));
            assertThat(Files.readString(log))
                    .contains("Trapped \"hangup\" signal")
                    .containsPattern("Failed to reload server configuration: .*broker\\.conf.*3.*bogus_key");
            assertThat(login(port, "b", "pb")).isEqualTo("PONG");
            assertThat(login(port, "c", "pc")).isEqualTo("-ERR 'Authorization Violation'");
        } finally {
            broker.destroy();
            if (!broker.waitFor(15, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    @Test
    void signalErrorsAreNatsServers() {
        assertThat(signal("reload=abc")).isEqualTo(1);
        assertThat(err).contains("invalid pid: abc");
        assertThat(signal("bogus=1")).isEqualTo(1);
        assertThat(err).contains("unknown signal \"bogus\"");
        assertThat(signal("reload=1=2")).isEqualTo(1);
        assertThat(err).contains("invalid signal parameters: [2]");
    }

    private String err = "";

    private int signal(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = BrokerMain.run(
                new String[] {"--signal", value},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8));
        err = errors.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** Connects with a raw socket, sends CONNECT and PING; returns the first line after INFO. */
    private static String login(int port, String user, String pass) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("INFO ");
            s.getOutputStream()
                    .write(("CONNECT {\"verbose\":false,\"user\":\"" + user + "\",\"pass\":\"" + pass
                                    + "\",\"protocol\":1}\r\nPING\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            return in.readLine();
        }
    }
}
