package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.AccountResolverConfig;
import io.natsspring.broker.ResolverTlsConfig;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.it.tls.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-level {@code resolver_tls} block, with nats-server's texts for what it refuses. */
class ResolverTlsBlockTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki.Issued client;
    private static String operator;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir);
        client = pki.client("rt-client", "CN=rt");
        operator = "operator: \"" + JwtTokens.operator(JwtTokens.operatorKey()) + "\"\n"
                + "resolver: URL(\"https://accounts.example/jwt/v1/accounts/\")\n";
    }

    private static BrokerConfigFile read(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "a.conf"));
    }

    private static String file(Path p) {
        return "\"" + p.toString().replace('\\', '/') + "\"";
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> read(text)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void appliesTheBlockToTheUrlResolver() {
        AccountResolverConfig r = read(operator
                        + "resolver_tls {\n  ca_file: " + file(pki.ca().certFile()) + "\n  cert_file: "
                        + file(client.certFile()) + "\n  key_file: " + file(client.keyFile())
                        + "\n  insecure: true\n  verify: true\n  timeout: 3\n  handshake_first: false\n}\n")
                .options()
                .operator()
                .resolver();
        assertThat(r.tls())
                .isEqualTo(new ResolverTlsConfig(
                        client.certFile(), client.keyFile(), pki.ca().certFile(), true, Duration.ofSeconds(3)));
        assertThat(read(operator).options().operator().resolver().tls()).isNull();
    }

    @Test
    void withoutAnOperatorTheBlockIsCheckedAndUnused() {
        assertThat(read("resolver_tls { ca_file: " + file(pki.ca().certFile()) + " }\n")
                        .options()
                        .operator())
                .isNull();
    }

    @Test
    void refusesWhatNatsServerRefuses() {
        assertError("resolver_tls {\n  foo: 1\n}\n", "a.conf:2: error parsing tls config, unknown field \"foo\"");
        assertError(
                "resolver_tls {\n  cert_file: " + file(client.certFile()) + "\n}\n",
                "a.conf:1: missing 'key_file' in TLS configuration");
        assertThatThrownBy(() -> read("resolver_tls {\n  ca_file: \"/nonexistent/ca.pem\"\n}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("a.conf:2: ")
                .hasMessageContaining("/nonexistent/ca.pem");
        assertError(
                "resolver_tls {\n  cipher_suites: [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]\n}\n",
                "a.conf:2: 'cipher_suites' in resolver_tls is a nats-server setting that nats-spring-broker does not"
                        + " support yet");
    }
}
