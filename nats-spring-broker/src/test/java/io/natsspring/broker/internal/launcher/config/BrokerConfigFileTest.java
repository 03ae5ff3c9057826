package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.AllowResponses;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.UserConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerConfigFileTest {

    private static BrokerConfigFile read(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "b.conf"));
    }

    private static BrokerOptions options(String text) {
        return read(text).options();
    }

    private static void assertError(String text, int line, String... fragments) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.conf:" + line + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void systemAccountNamesAConfiguredAccountOrDefaultsToSys() {
        assertThat(options("port: 4222\n").systemAccount()).isEqualTo("$SYS");
        BrokerOptions o = options("accounts { SYS: { users: [ {user: s, password: s} ] } }\nsystem_account: SYS\n");
        assertThat(o.systemAccount()).isEqualTo("SYS");
        assertThat(options("accounts { OPS: {} }\nsystem: OPS\n").systemAccount())
                .isEqualTo("OPS");
        assertThat(read("system_account: \"$SYS\"\n").warnings()).isEmpty();
        assertError(
                "accounts { A: {} }\n\nsystem_account: NOPE\n",
                3,
                "error resolving system account: account missing",
                "NOPE");
    }

    @Test
    void emptyFileGivesDefaults() {
        BrokerConfigFile file = read("# nothing\n");
        assertThat(file.options().port()).isEqualTo(BrokerOptions.DEFAULT_PORT);
        assertThat(file.options().host()).isEqualTo("0.0.0.0");
        assertThat(file.warnings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "listen: 127.0.0.1:4333     | 127.0.0.1 | 4333",
                "listen: \":4333\"          | 0.0.0.0   | 4333",
                "listen: 4333               | 0.0.0.0   | 4333",
                "listen: \"4333\"           | 0.0.0.0   | 4333",
                "listen: \"[::1]:4333\"     | ::1       | 4333",
                "listen: localhost:0        | localhost | 0",
                "host: 10.0.0.1; port: 5000 | 10.0.0.1  | 5000",
                "net: 10.0.0.2              | 10.0.0.2  | 4222",
                "NET: 10.0.0.3              | 10.0.0.3  | 4222"
            })
    void listenHostAndPort(String text, String host, int port) {
        BrokerOptions o = options(text);
        assertThat(o.host()).isEqualTo(host);
        assertThat(o.port()).isEqualTo(port);
    }

    @Test
    void everyServerSetting() {
        BrokerOptions o = options("""
                server_name: "edge-1"
                max_payload: 2MB
                max_connections: 100
                max_control_line: 8KB
                ping_interval: "30s"
                ping_max: 5
                write_deadline: 2s
                max_pending: 32MB
                """);
        assertThat(o.serverName()).isEqualTo("edge-1");
        assertThat(o.maxPayload()).isEqualTo(2 * 1024 * 1024);
        assertThat(o.maxConnections()).isEqualTo(100);
        assertThat(o.maxControlLine()).isEqualTo(8192);
        assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxPingsOut()).isEqualTo(5);
        assertThat(o.writeDeadline()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.maxPending()).isEqualTo(32L << 20);
    }

    @Test
    void aliasesAndAlternativeValueForms() {
        BrokerOptions o = options("max_conn: 7\nmax_payload: \"1K\"\nmax_pending: 1000\nping_interval: 45\n");
        assertThat(o.maxConnections()).isEqualTo(7);
        assertThat(o.maxPayload()).isEqualTo(1000);
        assertThat(o.maxPending()).isEqualTo(1000);
        assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(45));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"2m\"     | PT2M",
                "2m         | PT2M",
                "1h30m      | PT1H30M",
                "500ms      | PT0.5S",
                "\"1.5s\"   | PT1.5S",
                "90         | PT1M30S"
            })
    void durations(String written, String expected) {
        assertThat(options("write_deadline: " + written).writeDeadline()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http: 8222                  | 8222",
                "http_port: 8223             | 8223",
                "monitor_port: 8224          | 8224",
                "http: \":8225\"             | 8225"
            })
    void monitoringPort(String text, int port) {
        BrokerConfigFile file = read(text);
        assertThat(file.options().httpPort()).isEqualTo(port);
        assertThat(file.warnings()).isEmpty();
    }

    @Test
    void monitoringHostIsWarnedAbout() {
        BrokerConfigFile file = read("\nhttp: localhost:8222");
        assertThat(file.options().httpPort()).isEqualTo(8222);
        assertThat(file.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location()).isEqualTo(new ConfigLocation("b.conf", 2));
            assertThat(w.message()).contains("localhost", "not supported yet");
        });
    }

    @Test
    void tokenAuthorization() {
        BrokerOptions o = options("authorization { token: \"s3cr3t\", timeout: 0.5 }");
        assertThat(o.token()).isEqualTo("s3cr3t");
        assertThat(o.authTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.authRequired()).isTrue();
    }

    @Test
    void singleUserAuthorization() {
        BrokerOptions o = options("authorization: {\n  user: alice\n  password: 'pw'\n  timeout: \"3s\"\n}");
        assertThat(o.user()).isEqualTo("alice");
        assertThat(o.password()).isEqualTo("pw");
        assertThat(o.authTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void usersWithEveryPermissionsForm() {
        BrokerOptions o = options("""
                authorization {
                  users = [
                    {user: a, password: pa}
                    {user: b, password: pb, permissions: {publish: "orders.>", subscribe: ["x", "y.*"]}}
                    {username: c, pass: pc, permissions {
                        pub { allow: ["p.>"], deny: "p.secret" }
                        sub: { deny: [">"] }
                    }}
                  ]
                }
                """);
        assertThat(o.users())
                .containsExactly(
                        new UserConfig("a", "pa"),
                        new UserConfig(
                                "b",
                                "pb",
                                new PermissionsConfig(List.of("orders.>"), List.of(), List.of("x", "y.*"), List.of())),
                        new UserConfig(
                                "c",
                                "pc",
                                new PermissionsConfig(List.of("p.>"), List.of("p.secret"), List.of(), List.of(">"))));
    }

    @Test
    void authorizationErrors() {
        assertError("authorization {\n  users [ {password: x} ]\n}", 2, "needs a 'user'");
        assertError("authorization {\n  users [ {nkey: UABC} ]\n}", 2, "not a valid public nkey for a user");
        assertError(
                "authorization {\n  users [\n {nkey: " + NKEY + ", user: u} ]\n}",
                3,
                "Nkey users do not take usernames or passwords");
        assertError(
                "authorization {\n  users [ {user: a, password: b} ]\n}\nno_auth_user: b",
                4,
                "no_auth_user: \"b\" not present as user or nkey");
        assertError(
                "authorization {\n  users [ {user: x, password: y, colour: red} ]\n}",
                2,
                "unknown setting 'colour' in a user of authorization");
        assertError(
                "authorization {\n  users [ {user: x, password: y, permissions: {publish: {allw: a}}} ]\n}",
                2,
                "unknown setting 'allw'");
        assertError(
                "authorization {\n  users [ {user: x, password: y, permissions: {send: a}} ]\n}",
                2,
                "unknown setting 'send' in permissions");
        assertError("authorization {\n  users: [ x ]\n}", 2, "expected blocks");
        assertError("authorization {\n  tokn: x\n}", 2, "unknown setting 'tokn' in authorization");
        assertError("authorization: true", 1, "expected a block");
        assertError(
                "\nauthorization { token: t, user: u, password: p }", 2, "token authentication can not be combined");
        assertError("authorization { user: u }", 1, "user and password must be set together");
    }

    /** A public user NKey (its seed is not needed here). */
    private static final String NKEY = "UAYQ3NTJIYHGNOPCBDWWJIX2HPZIYIVAIQ4UXNIMOIM6RFNO5EBNTGC5";

    @Test
    void nkeyUsersDefaultPermissionsAllowResponsesAndNoAuthUser() {
        BrokerConfigFile file = read("""
                authorization {
                  users [
                    {user: a, password: b, account: X, permissions: {publish: ">", allow_responses: true}}
                    {nkey: %s}
                    {user: c, permissions: {allow_responses: {max: 5, expires: "1s"}}}
                  ]
                  default_permissions: { publish: "p.>" }
                }
                no_auth_user: c
                """.formatted(NKEY));
        List<UserConfig> users = file.options().users();
        assertThat(users).extracting(UserConfig::user).containsExactly("a", null, "c");
        assertThat(users.get(0).permissions().allowResponses()).isEqualTo(AllowResponses.DEFAULT);
        assertThat(users.get(1).nkey()).isEqualTo(NKEY);
        assertThat(users.get(1).permissions().publishAllow()).containsExactly("p.>");
        assertThat(users.get(2).password()).isEmpty();
        assertThat(users.get(2).permissions().allowResponses())
                .isEqualTo(new AllowResponses(5, java.time.Duration.ofSeconds(1)));
        assertThat(file.options().noAuthUser()).isEqualTo("c");
        assertThat(file.warnings()).extracting(w -> w.location().line()).containsExactly(3);
    }

    @Test
    void variablesDefinedInsideABlockAreNotSettings() {
        BrokerConfigFile file = read("""
                authorization {
                  PASS = "s3cret"
                  PERMS = { publish: { allow: "a.>", deny: "a.b" } }
                  users = [ {user: a, password: $PASS, permissions: $PERMS} ]
                }
                """);
        assertThat(file.options().users())
                .containsExactly(new UserConfig(
                        "a", "s3cret", new PermissionsConfig(List.of("a.>"), List.of("a.b"), List.of(), List.of())));
        assertThat(file.warnings()).isEmpty();
    }

    @Test
    void jetStreamBlock() {
        BrokerOptions o = options("""
                jetstream {
                  store_dir: "/data/js"
                  max_memory_store: 1GB
                  max_file_store: 10G
                  sync_interval: "30s"
                  request_queue_limit: 500
                  info_queue_limit: 200
                }
                """);
        assertThat(o.jetStream()).isTrue();
        assertThat(o.jetStreamRequestQueueLimit()).isEqualTo(500);
        assertThat(o.jetStreamInfoQueueLimit()).isEqualTo(200);
        assertThat(o.storeDir()).isEqualTo(Path.of("/data/js"));
        assertThat(o.maxMemoryStore()).isEqualTo(1L << 30);
        assertThat(o.maxFileStore()).isEqualTo(10_000_000_000L);
        assertThat(o.syncInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.syncAlways()).isFalse();
    }

    @Test
    void jetStreamAliasesSyncAlwaysAndUnlimited() {
        BrokerOptions o = options("jetstream: {storedir: js, max_mem: -1, max_file: 512MB, sync_interval: always}");
        assertThat(o.storeDir()).isEqualTo(Path.of("js"));
        assertThat(o.maxMemoryStore()).isEqualTo(-1);
        assertThat(o.maxFileStore()).isEqualTo(512L << 20);
        assertThat(o.syncAlways()).isTrue();
        assertThat(o.jetStreamRequestQueueLimit()).isEqualTo(BrokerOptions.DEFAULT_JETSTREAM_REQUEST_QUEUE_LIMIT);
    }

    @Test
    void jetStreamIngestHeapPercent() {
        assertThat(options("jetstream {\n  ingest_heap_percent: 10\n}").jetStreamIngestHeapPercent())
                .isEqualTo(10);
        assertThat(options("jetstream: {ingest_heap_percent: \"90\"}").jetStreamIngestHeapPercent())
                .isEqualTo(90);
        assertThat(options("jetstream {}").jetStreamIngestHeapPercent())
                .isEqualTo(BrokerOptions.DEFAULT_JETSTREAM_INGEST_HEAP_PERCENT);
        assertError(
                "jetstream {\n  ingest_heap_percent: 0\n}",
                2,
                "invalid value for 'ingest_heap_percent'",
                "from 1 to 90, found 0");
        assertError("jetstream {\n  ingest_heap_percent: 91\n}", 2, "'ingest_heap_percent'", "found 91");
        assertError(
                "jetstream {\n  store_dir: x\n  ingest_heap_percent: 25%\n}",
                3, "'ingest_heap_percent'", "expected an integer");
        assertError("jetstream {\n  ingest_heap_percent: 0.5\n}", 2, "'ingest_heap_percent'");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "enabled,true", "yes,true", "false,false", "disabled,false", "'\"enabled\"',true"})
    void jetStreamSwitch(String value, boolean enabled) {
        assertThat(options("jetstream: " + value).jetStream()).isEqualTo(enabled);
    }

    @Test
    void jetStreamBlockMayDisable() {
        assertThat(options("jetstream { enabled: false, store_dir: x }").jetStream())
                .isFalse();
    }

    @Test
    void jetStreamErrorsAndWarnings() {
        assertError("jetstream: maybe", 1, "expected true, false, enabled, disabled or a block");
        assertError("jetstream {\n  max_mem: -5\n}", 2, "negative");
        assertError("jetstream {\n  stor_dir: x\n}", 2, "unknown setting 'stor_dir' in jetstream");
        assertError("jetstream {\n  sync_interval: never\n}", 2, "not a duration");
        assertError("jetstream {\n  request_queue_limit: 0\n}", 2, "request_queue_limit");
        assertError("jetstream {\n  info_queue_limit: many\n}", 2, "info_queue_limit");
        BrokerConfigFile file = read("jetstream {\n  unique_tag: az\n}");
        assertThat(file.warnings())
                .singleElement()
                .hasToString("b.conf:2: 'unique_tag' in jetstream is a nats-server"
                        + " setting that nats-spring-broker does not support yet; it is ignored");
        assertThat(options("jetstream {\n  domain: hub\n}").jetStreamDomain()).isEqualTo("hub");
        assertError("jetstream {\n  domain: \"a.b\"\n}", 2, "invalid domain name");
    }

    @Test
    void featureFlagsAsNatsServer() {
        BrokerConfigFile file = read("feature_flags {\n  js_ack_fc_v2: true\n  bogus: false\n}");
        assertThat(file.options().featureFlags()).containsExactly(java.util.Map.entry("js_ack_fc_v2", true));
        assertThat(file.warnings())
                .singleElement()
                .hasToString("b.conf:3: 'bogus' is ignored: not a feature flag of nats-server 2.15.1");
        assertError("feature_flags {\n  js_ack_fc_v2: 5\n}", 2, "js_ack_fc_v2");
        assertError("feature_flags: true", 1, "feature_flags");
        assertThat(options("port: 4222\n").featureFlags()).isEmpty();
    }

    @Test
    void lameDuckSettingsAsNatsServer() {
        BrokerOptions defaults = options("port: 4222\n");
        assertThat(defaults.lameDuckDuration()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(defaults.lameDuckGracePeriod()).isEqualTo(java.time.Duration.ofSeconds(10));
        BrokerOptions o = options("lame_duck_duration: \"45s\"\nlame_duck_grace_period: 2s\n");
        assertThat(o.lameDuckDuration()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(o.lameDuckGracePeriod()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertError(
                "port: 4222\nlame_duck_duration: \"10s\"\n",
                2,
                "invalid lame_duck_duration of 10s, minimum is 30 seconds");
        assertError("lame_duck_duration: \"soon\"\n", 1, "error parsing lame_duck_duration");
        assertError("lame_duck_grace_period: \"-1s\"\n", 1, "invalid lame_duck_grace_period, needs to be positive");
        assertThatThrownBy(() -> read("lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"30s\"\n"))
                .hasMessageContaining(
                        "lame duck grace period (30s) should be strictly lower than lame duck duration (30s)");
    }

    @Test
    void unknownKeyFailsWithKeyAndLine() {
        assertError("port: 4222\n\nprot: 4223\n", 3, "unknown setting 'prot'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "gateway", "mqtt", "no_system_account"})
    void notYetSupportedKeysAreWarnings(String key) {
        BrokerConfigFile file = read("port: 4333\n" + key + ": { x: 1 }\n");
        assertThat(file.options().port()).isEqualTo(4333);
        assertThat(file.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location()).isEqualTo(new ConfigLocation("b.conf", 2));
            assertThat(w.message()).contains("'" + key + "'", "does not support yet", "ignored");
        });
    }

    @Test
    void loggingSettings() {
        BrokerConfigFile file =
                read("debug: true\ntrace: false\nlogtime: true\nlog_file: \"/var/log/n.log\"\npid_file: x");
        assertThat(file.debug()).isTrue();
        assertThat(file.trace()).isFalse();
        assertThat(file.warnings()).extracting(w -> w.location().line()).containsExactly(4, 5);
        assertThat(file.warnings().get(0).message()).contains("'log_file' is ignored");
        assertError("debug: loud", 1, "invalid value for 'debug'", "expected true or false");
    }

    @Test
    void variablesAreNotSettings() {
        BrokerOptions o = options("MY_PORT: 4555\nport: $MY_PORT\n");
        assertThat(o.port()).isEqualTo(4555);
        assertError("UNUSED_VAR: 1\n", 1, "unknown setting 'UNUSED_VAR'");
    }

    @Test
    void invalidValuesNameKeyAndLine() {
        assertError("\nport: -1", 2, "invalid value for 'port'", "between 0 and 65535", "-1");
        assertError("port: 70000", 1, "between 0 and 65535");
        assertError("port: abc", 1, "expected an integer", "abc");
        assertError("port: 1K", 1, "expected an integer");
        assertError("listen: \"host:port\"", 1, "expected a port number after ':'");
        assertError("listen: [1]", 1, "expected a string, found an array");
        assertError("max_payload: -1", 1, "negative");
        assertError("max_payload: 1XB", 1, "expected a size", "1XB");
        assertError("max_payload: 4GB", 1, "up to 2147483647");
        assertError("max_payload: 0", 1, "expected a positive size");
        assertError("max_connections: 0", 1, "expected a positive integer");
        assertError("ping_interval: \"soon\"", 1, "not a duration");
        assertError("ping_interval: 0", 1, "expected a positive duration");
        assertError("server_name: { a: 1 }", 1, "expected a string, found a block");
    }

    @Test
    void loadsFilesAndReadsEnvironment(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broker.conf");
        Files.writeString(file, "port: $BROKER_TEST_PORT\nauthorization { token: $BROKER_TEST_TOKEN }\n");
        BrokerOptions o = BrokerConfigFile.load(
                        file, Map.of("BROKER_TEST_PORT", "4999", "BROKER_TEST_TOKEN", "tk")::get)
                .options();
        assertThat(o.port()).isEqualTo(4999);
        assertThat(o.token()).isEqualTo("tk");
    }

    @Test
    void sampleFilesAreValid() {
        Path samples = Path.of("..", "config");
        BrokerConfigFile server = BrokerConfigFile.load(samples.resolve("broker-sample.conf"));
        assertThat(server.warnings()).isEmpty();
        assertThat(server.options().serverName()).isEqualTo("nats-spring-1");
        assertThat(server.options().jetStream()).isTrue();
        assertThat(server.options().httpPort()).isEqualTo(8222);

        BrokerConfigFile auth = BrokerConfigFile.load(samples.resolve("broker-auth-sample.conf"));
        assertThat(auth.warnings()).isEmpty();
        assertThat(auth.options().users())
                .extracting(UserConfig::user)
                .containsExactly("admin", "orders", "auditor", null);
        assertThat(auth.options().users().get(3).permissions().allowResponses()).isNotNull();
        assertThat(auth.options().users().get(0).password()).isEqualTo("change-me");
        assertThat(auth.options().users().get(2).permissions().subscribeDeny())
                .containsExactly("orders.secret.>", "$SYS.>");
    }
}
