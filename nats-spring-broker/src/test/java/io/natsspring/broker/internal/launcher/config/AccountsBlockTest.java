package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.BrokerOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code accounts} block of a {@code nats-server} configuration file. */
class AccountsBlockTest {

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
    void readsUsersExportsImportsJetStreamAndMappings() {
        BrokerOptions o = read("""
                        accounts {
                          A: {
                            users: [ {user: a, password: pa} ]
                            jetstream: enabled
                            exports: [ {service: "svc.>", response_type: stream}, {stream: "ev.>", accounts: [B]} ]
                            mappings: { "x": "y", "w": [ {destination: "w1", weight: 30%}, {destination: "w2", weight: 70} ] }
                          }
                          B: {
                            users: [ {user: b, password: pb} ]
                            jetstream: { max_mem: 1MB, max_file: 2GB, max_streams: 3, max_consumers: 4 }
                            imports: [
                              {service: {account: A, subject: "svc.>"}, to: "a.svc.>"}
                              {stream: {account: A, subject: "ev.>"}, prefix: "fromA"}
                            ]
                          }
                        }
                        """).options();
        assertThat(o.authRequired()).isTrue();
        AccountConfig a = o.accounts().get(0);
        AccountConfig b = o.accounts().get(1);
        assertThat(a.name()).isEqualTo("A");
        assertThat(a.users().get(0).user()).isEqualTo("a");
        assertThat(a.jetStream()).isEqualTo(AccountConfig.JetStreamLimits.UNLIMITED);
        assertThat(a.exports())
                .containsExactly(
                        AccountConfig.Export.service("svc.>").withResponseType(AccountConfig.ResponseType.STREAM),
                        AccountConfig.Export.stream("ev.>").restrictedTo(List.of("B")));
        assertThat(a.mappings().get("x")).containsExactly(AccountConfig.Mapping.to("y"));
        assertThat(a.mappings().get("w"))
                .containsExactly(new AccountConfig.Mapping("w1", 30), new AccountConfig.Mapping("w2", 70));
        assertThat(b.jetStream()).isEqualTo(new AccountConfig.JetStreamLimits(1024 * 1024, 2L << 30, 3, 4));
        assertThat(b.imports())
                .containsExactly(
                        AccountConfig.Import.service("A", "svc.>").to("a.svc.>"),
                        AccountConfig.Import.stream("A", "ev.>").withPrefix("fromA"));
    }

    @Test
    void badAccountsFailWithFileAndLine() {
        assertError("accounts {\n  A: {\n    bogus: 1\n  }\n}", 3, "unknown setting 'bogus' in account A");
        assertError(
                "accounts {\n  A: {}\n  B: { imports: [\n {service: {account: Z, subject: x}} ] }\n}",
                4,
                "\"Z\" account not defined for service import");
        assertError(
                "accounts {\n  A: { exports: [ {service: x} ] }\n  B: { imports: [\n {service: {account: A, subject: y}} ] }\n}",
                4,
                "service import not authorized");
        assertError(
                "accounts {\n  A: { users: [ {user: u, password: p} ] }\n  B: { users: [ {user: u, password: q} ] }\n}",
                1,
                "duplicate user u");
        assertError("accounts {\n  A: { jetstream: sometimes }\n}", 2, "expected enabled, disabled");
    }
}
