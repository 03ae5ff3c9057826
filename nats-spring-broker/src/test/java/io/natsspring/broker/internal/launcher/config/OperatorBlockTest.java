package io.natsspring.broker.internal.launcher.config;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import io.natsspring.broker.AccountResolverConfig;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.internal.auth.JwtTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator mode in a {@code nats-server} configuration file: {@code operator}, {@code resolver}, preloads. */
class OperatorBlockTest {

    @TempDir
    static Path dir;

    private static NKey operator;
    private static NKey account;
    private static String operatorJwt;
    private static String accountJwt;

    @BeforeAll
    static void keys() throws Exception {
        operator = JwtTokens.operatorKey();
        account = JwtTokens.accountKey();
        operatorJwt = JwtTokens.operator(operator);
        accountJwt = JwtTokens.account(account).sign(operator);
    }

    private static BrokerConfigFile read(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "a.conf"));
    }

    private static void assertError(String text, int line, String... fragments) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("a.conf:" + line + ": ")
                .hasMessageContainingAll(fragments);
    }

    private String preload() {
        return "resolver_preload: { " + pub(account) + ": \"" + accountJwt + "\" }\n";
    }

    @Test
    void readsAnInlineOperatorAndPreloadedAccounts() {
        BrokerOptions o = read("operator: \"" + operatorJwt + "\"\nresolver: MEMORY\n" + preload())
                .options();
        assertThat(o.operator().operatorJwts()).containsExactly(operatorJwt);
        assertThat(o.operator().accountJwts()).containsEntry(pub(account), accountJwt);
        assertThat(o.operator().systemAccount()).isNull();
        assertThat(o.authRequired()).isTrue();
    }

    @Test
    void readsOperatorFilesDecoratedOrNotAndTheSystemAccount() throws Exception {
        Path plain = Files.writeString(dir.resolve("op.jwt"), operatorJwt + "\n");
        Path decorated = Files.writeString(
                dir.resolve("op-decorated.jwt"),
                "-----BEGIN NATS OPERATOR JWT-----\n" + operatorJwt + "\n------END NATS OPERATOR JWT------\n");
        BrokerOptions o = read("operator: [\"" + plain.toString().replace('\\', '/') + "\", \""
                        + decorated.toString().replace('\\', '/') + "\"]\nsystem_account: " + pub(account)
                        + "\nresolver: MEMORY\n" + preload())
                .options();
        assertThat(o.operator().operatorJwts()).hasSize(2);
        assertThat(o.operator().systemAccount()).isEqualTo(pub(account));
    }

    @Test
    void refusesWhatNatsServerRefuses() {
        String op = "operator: \"" + operatorJwt + "\"\n";
        assertError(
                op + "resolver: MEMORY\nauthorization { users: [ {user: a, password: b} ] }\n",
                1,
                "operators do not allow users to be configured directly");
        assertError(
                op + "resolver: MEMORY\naccounts { A: {} }\n",
                1,
                "operators do not allow Accounts to be configured directly");
        assertError(op, 1, "operators require an account resolver to be configured");
        assertError(
                op + "resolver: MEMORY\nresolver_preload: { X: 1 }\n", 3, "preload map value should be a string JWT");
        assertError(
                op + "resolver: MEMORY\nresolver_preload: { " + pub(account) + ": \"bogus\" }\n",
                3,
                "preload account error for \"" + pub(account) + "\"");
        assertError(
                "operator: \"/no/such/operator.jwt\"\nresolver: MEMORY\n",
                1,
                "neither an operator JWT nor a readable file");
        assertError("resolver: MEMORY\n", 1, "'resolver' needs an 'operator'");
    }

    @Test
    void readsTheDirectoryResolvers() {
        String op = "operator: \"" + operatorJwt + "\"\n";
        String jwtDir = dir.resolve("jwt").toString().replace('\\', '/');
        AccountResolverConfig full = read(op
                        + "resolver: { type: full, dir: \"" + jwtDir
                        + "\", allow_delete: true, hard_delete: true, interval: \"2m\", timeout: \"1.9s\","
                        + " limit: 1000 }\n")
                .options()
                .operator()
                .resolver();
        assertThat(full)
                .isEqualTo(new AccountResolverConfig(
                        AccountResolverConfig.Type.FULL,
                        Path.of(jwtDir),
                        true,
                        true,
                        Duration.ofMinutes(2),
                        Duration.ofMillis(1900),
                        1000,
                        null));
        AccountResolverConfig cache = read(op + "resolver: { type: CACHE, dir: \"" + jwtDir + "\", ttl: \"1h\" }\n")
                .options()
                .operator()
                .resolver();
        assertThat(cache.type()).isEqualTo(AccountResolverConfig.Type.CACHE);
        assertThat(cache.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(cache.effectiveLimit()).isEqualTo(1000);
        assertThat(read(op + "resolver: { type: mem }\n").options().operator().resolver())
                .isNull();
    }

    @Test
    void refusesBadDirectoryResolversWithNatsServersTexts() throws Exception {
        String op = "operator: \"" + operatorJwt + "\"\n";
        assertError(op + "resolver: { type: full }\n", 2, "dir has no value and needs to point to a directory");
        assertError(op + "resolver: { type: full, dir: x, ttl: \"1h\" }\n", 2, "FULL does not accept ttl");
        assertError(
                op + "resolver: { type: full, dir: x, hard_delete: true }\n",
                2,
                "hard_delete has no effect without delete");
        assertError(op + "resolver: { type: cache, dir: x, interval: \"1m\" }\n", 2, "CACHE does not accept sync");
        assertError(
                op + "resolver: { type: cache, dir: x, allow_delete: true }\n",
                2,
                "CACHE does not accept allow_delete");
        assertError(op + "resolver: { type: other, dir: x }\n", 2, "should be MEM or  URL(\"url\")");
        assertError(op + "resolver: { dir: x }\n", 2, "state=[FULL|CACHE]");
        assertError(
                op + "resolver: {\n type: full\n dir: x\n colour: red\n}\n", 5, "unknown resolver setting 'colour'");
        assertError(op + "resolver: { type: full, dir: x, limit: -1 }\n", 2, "'limit'");
        assertError(op + "resolver: { type: full, dir: x, interval: \"soon\" }\n", 2, "'interval'", "not a duration");
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        assertError(
                op + "resolver: { type: full, dir: \"" + file.toString().replace('\\', '/') + "\" }\n",
                2,
                "dir needs to point to an accessible directory");
        assertError(op + "resolver: 42\n", 2, "error parsing operator resolver, wrong type");
    }

    @Test
    void readsUrlResolversAndRefusesPreloadsWithThem() {
        String op = "operator: \"" + operatorJwt + "\"\n";
        var r = read(op + "resolver: URL(\"http://localhost:9090/jwt/v1/accounts/\")\n")
                .options()
                .operator()
                .resolver();
        assertThat(r.type()).isEqualTo(AccountResolverConfig.Type.URL);
        assertThat(r.url()).hasToString("http://localhost:9090/jwt/v1/accounts/");
        // unquoted, without the final slash (nats-server appends it)
        assertThat(read(op + "resolver: \"url(http://h:1/jwt/v1/accounts)\"\n")
                        .options()
                        .operator()
                        .resolver()
                        .url())
                .hasToString("http://h:1/jwt/v1/accounts/");
        assertError(op + "resolver: URL(\"ftp://h/x/\")\n", 2, "error parsing account resolver url [\"ftp://h/x/\"]");
        assertError(
                op + "resolver: URL(\"http://h/x/\")\n" + preload(),
                3,
                "resolver preloads only available for writeable resolver types MEM/DIR/CACHE_DIR");
    }

    @Test
    void usersOfTheApiAreRefusedNextToAnOperatorToo() {
        assertThatThrownBy(() -> BrokerOptions.builder()
                        .operator(io.natsspring.broker.OperatorConfig.of(operatorJwt, Map.of()))
                        .addUser(new io.natsspring.broker.UserConfig("u", "p", null, null))
                        .build())
                .hasMessage("operators do not allow users to be configured directly");
    }
}
