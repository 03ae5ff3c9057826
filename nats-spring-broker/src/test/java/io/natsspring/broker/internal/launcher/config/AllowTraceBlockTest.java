package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.AccountConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code allow_trace} on a service export and on a stream import, and its errors with file, line and
 * {@code nats-server} 2.15.1's texts (checked against the binary with {@code nats-server -t}).
 */
class AllowTraceBlockTest {

    private static BrokerConfigFile read(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "a.conf"));
    }

    private static void assertError(String text, int line, String message) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("a.conf:" + line + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void readsAllowTraceOfServiceExportsAndStreamImports() {
        AccountConfig a = read("""
                        accounts {
                          A: {
                            exports: [ {service: "svc.>", allow_trace: true}, {service: "b.>"}, {stream: "ev.>"} ]
                          }
                          B: {
                            imports: [
                              {stream: {account: A, subject: "ev.>"}, allow_trace: yes}
                              {service: {account: A, subject: "svc.>"}}
                            ]
                          }
                        }
                        """).options().accounts().get(0);
        assertThat(a.exports()).extracting(AccountConfig.Export::allowTrace).containsExactly(true, false, false);
        AccountConfig b = read("""
                        accounts {
                          A: { exports: [ {stream: "ev.>"} ] }
                          B: { imports: [ {stream: {account: A, subject: "ev.>"}, allow_trace: true} ] }
                        }
                        """).options().accounts().get(1);
        assertThat(b.imports().get(0).allowTrace()).isTrue();
    }

    @Test
    void misplacedOrMistypedAllowTraceFailsAsNatsServer() {
        assertError(
                "accounts {\n  A: {\n    exports: [ {stream: a, allow_trace: true} ]\n  }\n}\n",
                3,
                "Detected allow_trace directive on non-service");
        assertError(
                "accounts {\n  A: { exports: [ {service: a} ] }\n  B: {\n"
                        + "    imports: [ {service: {account: A, subject: a}, allow_trace: true} ]\n  }\n}\n",
                4,
                "Detected allow_trace directive on a non-stream");
        assertError(
                "accounts {\n  A: {\n    exports: [ {service: a, allow_trace: \"yes\"} ]\n  }\n}\n",
                3,
                "interface conversion: interface {} is string, not bool");
        assertError(
                "accounts {\n  A: { exports: [ {stream: a} ] }\n  B: {\n"
                        + "    imports: [ {stream: {account: A, subject: a}, allow_trace: 2} ]\n  }\n}\n",
                4,
                "interface conversion: interface {} is int64, not bool");
    }
}
