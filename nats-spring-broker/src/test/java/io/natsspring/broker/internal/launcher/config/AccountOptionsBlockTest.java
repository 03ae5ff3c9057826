package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.UserConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The account-level options of the {@code accounts} block: {@code limits}, {@code default_permissions}, a service
 * export's {@code response_threshold} and {@code latency}, an import's {@code share}; errors name file and line.
 */
class AccountOptionsBlockTest {

    private static BrokerConfigFile read(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "a.conf"));
    }

    private static void assertError(String text, int line, String... fragments) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("a.conf:" + line + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void readsLimitsDefaultPermissionsThresholdLatencyAndShare() {
        BrokerConfigFile f = read("""
                accounts {
                  A: {
                    users: [ {user: a, password: a}, {user: own, password: o, permissions: {publish: "own.>"}} ]
                    limits { max_conn: 5, max_subscriptions: 10, max_pay: 1024, max_leafs: 0 }
                    default_permissions: { publish: "p.>", subscribe: "s.>" }
                    exports: [
                      {service: "svc.>", response_threshold: "750ms", latency: { sampling: 50%, subject: "lat.svc" }}
                      {service: "hdr.>", latency: { sampling: headers, subject: "lat.hdr" }}
                      {service: "plain.>", latency: "lat.plain"}
                    ]
                  }
                  B: {
                    users: [ {user: b, password: b} ]
                    imports: [ {service: {account: A, subject: "svc.>"}, share: true} ]
                  }
                }
                """);
        // latency tracking and share are applied now: no warning left
        assertThat(f.warnings()).isEmpty();
        BrokerOptions o = f.options();
        AccountConfig a = o.accounts().get(0);
        assertThat(a.limits()).isEqualTo(new AccountConfig.Limits(5, 10, 1024, 0));
        assertThat(a.defaultPermissions().publishAllow()).containsExactly("p.>");
        assertThat(a.effectiveUsers())
                .extracting(UserConfig::permissions)
                .extracting(PermissionsConfig::publishAllow)
                .containsExactly(java.util.List.of("p.>"), java.util.List.of("own.>"));
        AccountConfig.Export svc = a.exports().get(0);
        assertThat(svc.responseThreshold()).isEqualTo(Duration.ofMillis(750));
        assertThat(svc.latency()).isEqualTo(new AccountConfig.Latency(50, "lat.svc"));
        assertThat(a.exports().get(1).latency().headers()).isTrue();
        assertThat(a.exports().get(2).latency()).isEqualTo(new AccountConfig.Latency(100, "lat.plain"));
        assertThat(a.exports().get(2).responseThreshold()).isNull();
        assertThat(o.accounts().get(1).imports().get(0).share()).isTrue();
        assertThat(o.accounts().get(1).limits()).isEqualTo(AccountConfig.Limits.UNLIMITED);
    }

    @Test
    void badOptionsFailWithFileLineAndNatsServersText() {
        assertError(
                "accounts {\n  A: {\n    limits { max_conns: 1 }\n  }\n}\n",
                3,
                "Unknown field \"max_conns\" parsing account limits");
        assertError("accounts {\n  A: {\n    limits: 5\n  }\n}\n", 3, "Expected account limits to be a map/struct");
        assertError(
                "accounts {\n  A: {\n    exports: [ {service: a, response_threshold: 5} ]\n  }\n}\n",
                3,
                "Expected response threshold to be a parseable time duration");
        assertError(
                "accounts {\n  A: {\n    exports: [ {service: a, response_threshold: \"soon\"} ]\n  }\n}\n",
                3,
                "Expected response threshold to be a parseable time duration, got \"soon\"");
        assertError(
                "accounts {\n  A: {\n    exports: [ {stream: a, response_threshold: \"1s\"} ]\n  }\n}\n",
                3,
                "Detected response directive on non-service");
        assertError(
                "accounts {\n  A: {\n    exports: [ {stream: a, latency: \"l\"} ]\n  }\n}\n",
                3,
                "Detected latency directive on non-service");
        assertError(
                "accounts {\n  A: {\n    exports: [\n {service: a, latency: { sampling: 101, subject: l }} ]\n  }\n}\n",
                4,
                "bad sampling percentage, should be 1-100");
        assertError(
                "accounts {\n  A: {\n    exports: [\n {service: a, latency: { sampling: 10 }} ]\n  }\n}\n",
                4,
                "Latency subject required, but missing");
        assertError("accounts {\n  A: {\n    default_permissions: { publish: \"a\", nope: 1 }\n  }\n}\n", 3, "nope");
    }
}
