package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.internal.server.BrokerVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicReference<BrokerOptions> served = new AtomicReference<>();

    private int run(String... args) {
        return BrokerMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                options -> {
                    served.set(options);
                    return 0;
                });
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertThat(run("-h")).isZero();
        assertThat(out()).isEqualTo(BrokerCommandLine.usage());
        assertThat(err()).isEmpty();
        assertThat(served.get()).isNull();
    }

    @Test
    void versionPrintsBothVersions() {
        assertThat(run("--version")).isZero();
        assertThat(out())
                .isEqualTo("nats-spring-broker version " + BrokerVersion.brokerVersion() + " (nats-server "
                        + BrokerVersion.NATS_SERVER_VERSION + " protocol compatible)" + System.lineSeparator());
        assertThat(served.get()).isNull();
    }

    @Test
    void unknownFlagPrintsErrorAndUsage() {
        assertThat(run("--clustr", "x")).isEqualTo(1);
        assertThat(err())
                .startsWith("nats-spring-broker: flag provided but not defined: --clustr")
                .contains("Usage: nats-spring-broker");
        assertThat(out()).isEmpty();
        assertThat(served.get()).isNull();
    }

    @Test
    void missingValueIsAnError() {
        assertThat(run("-p")).isEqualTo(1);
        assertThat(err()).startsWith("nats-spring-broker: flag needs an argument: -p");
    }

    @Test
    void noArgumentsServesDefaults() {
        assertThat(run()).isZero();
        assertThat(served.get().port()).isEqualTo(BrokerOptions.DEFAULT_PORT);
    }

    @Test
    void flagsOverrideTheConfigFile() throws IOException {
        Path file = dir.resolve("b.conf");
        Files.writeString(file, "listen: 127.0.0.1:5000\nserver_name: from-file\nmax_payload: 2KB\n");

        assertThat(run("-c", file.toString(), "-p", "6000", "--jetstream")).isZero();

        BrokerOptions o = served.get();
        assertThat(o.port()).isEqualTo(6000);
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.serverName()).isEqualTo("from-file");
        assertThat(o.maxPayload()).isEqualTo(2048);
        assertThat(o.jetStream()).isTrue();
    }

    @Test
    void configErrorIsOneLineWithoutStackTrace() throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "port: 4222\nprot: 1\n");

        assertThat(run("--config=" + file)).isEqualTo(1);

        assertThat(err())
                .isEqualTo("nats-spring-broker: configuration error: " + file + ":2: unknown setting 'prot'"
                        + System.lineSeparator());
        assertThat(served.get()).isNull();
    }

    @Test
    void missingConfigFileIsAnError() {
        assertThat(run("-c", dir.resolve("none.conf").toString())).isEqualTo(1);
        assertThat(err()).contains("configuration file not found").doesNotContain("\tat ");
    }

    @Test
    void conflictingOptionsAreAnError() throws IOException {
        Path file = dir.resolve("auth.conf");
        Files.writeString(file, "authorization { token: t }\n");

        assertThat(run("-c", file.toString(), "--user", "u", "--pass", "p")).isEqualTo(1);

        assertThat(err()).startsWith("nats-spring-broker: invalid options: token authentication can not be combined");
    }

    @Test
    void startFailureIsOneLineAndExitCodeOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String[] args = {"-a", "127.0.0.1", "-p", String.valueOf(taken.getLocalPort())};
            int code = assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () -> BrokerMain.run(
                            args,
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertThat(code).isEqualTo(1);
            assertThat(err())
                    .startsWith("nats-spring-broker: failed to start: ")
                    .doesNotContain("\tat ");
        }
    }
}
