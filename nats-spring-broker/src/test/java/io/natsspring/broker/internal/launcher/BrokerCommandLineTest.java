package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.BrokerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerCommandLineTest {

    private static BrokerOptions options(String... args) {
        return BrokerCommandLine.parse(args).applyTo(BrokerOptions.builder()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-a", "--a", "-addr", "--addr", "-net", "--net"})
    void hostSpellings(String flag) {
        assertThat(options(flag, "127.0.0.1").host()).isEqualTo("127.0.0.1");
        assertThat(options(flag + "=10.0.0.1").host()).isEqualTo("10.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-p", "--p", "-port", "--port"})
    void portSpellings(String flag) {
        assertThat(options(flag, "4333").port()).isEqualTo(4333);
        assertThat(options(flag + "=4334").port()).isEqualTo(4334);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-n", "--name", "-server_name", "--server_name"})
    void nameSpellings(String flag) {
        assertThat(options(flag, "edge").serverName()).isEqualTo("edge");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-m", "--m", "-http_port", "--http_port"})
    void monitoringPortSpellings(String flag) {
        assertThat(options(flag, "8222").httpPort()).isEqualTo(8222);
    }

    @Test
    void authorizationFlags() {
        BrokerOptions users = options("--user", "alice", "--pass", "secret");
        assertThat(users.user()).isEqualTo("alice");
        assertThat(users.password()).isEqualTo("secret");
        assertThat(options("-auth=t0k").token()).isEqualTo("t0k");
        assertThat(options("--auth", "a=b").token()).isEqualTo("a=b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-js", "--js", "-jetstream", "--jetstream", "-js=true", "--jetstream=1"})
    void jetStreamSpellings(String flag) {
        assertThat(options(flag).jetStream()).isTrue();
    }

    @Test
    void signalFlagAsNatsServer() {
        assertThat(BrokerCommandLine.parse("--signal", "reload=42").signal()).contains("reload=42");
        assertThat(BrokerCommandLine.parse("-sl=reload").signal()).contains("reload");
        assertThat(BrokerCommandLine.parse().signal()).isEmpty();
        assertThat(BrokerCommandLine.usage()).contains("-sl, --signal <signal>[=<pid>]");
    }

    @Test
    void booleanFlagTakesNoSeparateValue() {
        assertThatThrownBy(() -> BrokerCommandLine.parse("-js", "false")).hasMessage("unexpected argument: false");
        assertThat(options("-js=false").jetStream()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-sd", "--sd", "-store_dir", "--store_dir"})
    void storeDirSpellings(String flag) {
        assertThat(options(flag, "/tmp/js").storeDir()).isEqualTo(Path.of("/tmp/js"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-c", "--c", "-config", "--config"})
    void configSpellings(String flag) {
        assertThat(BrokerCommandLine.parse(flag, "b.conf").configFile()).contains(Path.of("b.conf"));
        assertThat(BrokerCommandLine.parse(flag + "=x.conf").configFile()).contains(Path.of("x.conf"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--h", "-help", "--help", "-h=true"})
    void helpSpellings(String flag) {
        assertThat(BrokerCommandLine.parse(flag).helpRequested()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-v", "--v", "-version", "--version"})
    void versionSpellings(String flag) {
        assertThat(BrokerCommandLine.parse(flag).versionRequested()).isTrue();
    }

    @Test
    void nothingGivenChangesNothing() {
        BrokerCommandLine cl = BrokerCommandLine.parse();
        assertThat(cl.helpRequested()).isFalse();
        assertThat(cl.versionRequested()).isFalse();
        assertThat(cl.configFile()).isEmpty();
        BrokerOptions o = cl.applyTo(BrokerOptions.builder()).build();
        assertThat(o.port()).isEqualTo(BrokerOptions.DEFAULT_PORT);
        assertThat(o.jetStream()).isFalse();
    }

    @Test
    void flagsOverrideOnlyWhatTheyName() {
        BrokerOptions file = BrokerOptions.builder()
                .host("10.0.0.1")
                .port(5000)
                .serverName("file")
                .maxPayload(1234)
                .jetStream(true)
                .build();
        BrokerOptions o = BrokerCommandLine.parse("-p", "6000", "--name=flag")
                .applyTo(file.toBuilder())
                .build();
        assertThat(o.port()).isEqualTo(6000);
        assertThat(o.serverName()).isEqualTo("flag");
        assertThat(o.host()).isEqualTo("10.0.0.1");
        assertThat(o.maxPayload()).isEqualTo(1234);
        assertThat(o.jetStream()).isTrue();
    }

    @Test
    void lastOccurrenceWins() {
        assertThat(options("-p", "1", "--port=2").port()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-x             | flag provided but not defined: -x",
                "--cluster      | flag provided but not defined: --cluster",
                "--bogus=1      | flag provided but not defined: --bogus",
                "-p             | flag needs an argument: -p",
                "--user         | flag needs an argument: --user",
                "-p=abc         | invalid value \"abc\" for flag -p: expected a port number between 0 and 65535",
                "--port=70000   | invalid value \"70000\" for flag --port",
                "-m=-1          | invalid value \"-1\" for flag -m",
                "-js=maybe      | invalid value \"maybe\" for flag -js: expected true or false",
                "-a=            | invalid value \"\" for flag -a: must not be empty",
                "stray          | unexpected argument: stray"
            })
    void invalidArguments(String arg, String message) {
        assertThatThrownBy(() -> BrokerCommandLine.parse(arg))
                .isInstanceOf(BrokerCommandLine.InvalidArgumentsException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void doubleDashEndsFlags() {
        assertThat(BrokerCommandLine.parse("-p", "1", "--")
                        .applyTo(BrokerOptions.builder())
                        .build()
                        .port())
                .isEqualTo(1);
        assertThatThrownBy(() -> BrokerCommandLine.parse("--", "-p")).hasMessage("unexpected argument: -p");
    }

    @Test
    void usageListsEveryFlag() {
        assertThat(BrokerCommandLine.usage())
                .contains(
                        "-a, --addr, --net <host>",
                        "-p, --port <port>",
                        "-n, --name, --server_name <name>",
                        "-m, --http_port <port>",
                        "-c, --config <file>",
                        "--user <user>",
                        "--pass <password>",
                        "--auth <token>",
                        "-js, --jetstream",
                        "-sd, --store_dir <dir>",
                        "-h, --help",
                        "-v, --version");
    }
}
