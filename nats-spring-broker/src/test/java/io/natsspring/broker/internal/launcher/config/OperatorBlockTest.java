package io.natsspring.broker.internal.launcher.config;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.internal.auth.JwtTokens;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void refusesResolversItDoesNotHaveWithAClearError() {
        String op = "operator: \"" + operatorJwt + "\"\n";
        assertError(
                op + "resolver: { type: full, dir: \"./jwt\" }\n",
                2,
                "full/cache directory resolver",
                "not supported yet");
        assertError(op + "resolver: URL(\"http://localhost:9090/jwt/v1/accounts/\")\n", 2, "not supported yet");
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
