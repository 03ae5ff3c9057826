package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.WebSocketConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code websocket { }} in a configuration file: every key nats-server reads, and its errors with file and line. */
class WebSocketBlockTest {

    private static BrokerOptions options(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "b.conf"))
                .options();
    }

    private static void assertError(String text, int line, String... fragments) {
        assertThatThrownBy(() -> options(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.conf:" + line + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void everySetting() {
        WebSocketConfig ws = options("authorization { users: [ {user: a, password: b} ] }\n"
                        + "websocket {\n"
                        + "  listen: \"10.0.0.1:8443\"\n"
                        + "  advertise: \"ws.example.com:443\"\n"
                        + "  no_tls: true\n"
                        + "  same_origin: true\n"
                        + "  allowed_origins: [\"http://a.test\", \"https://b.test:8443\"]\n"
                        + "  compression: true\n"
                        + "  handshake_timeout: \"5s\"\n"
                        + "  authorization { timeout: 3 }\n"
                        + "  no_auth_user: a\n"
                        + "  user_cookie: u\n  pass_cookie: p\n  token_cookie: t\n"
                        + "  headers { \"X-Frame-Options\": \"DENY\" }\n"
                        + "}\n")
                .webSocket();
        assertThat(ws.host()).isEqualTo("10.0.0.1");
        assertThat(ws.port()).isEqualTo(8443);
        assertThat(ws.advertise()).isEqualTo("ws.example.com:443");
        assertThat(ws.noTls()).isTrue();
        assertThat(ws.sameOrigin()).isTrue();
        assertThat(ws.allowedOrigins()).containsExactly("http://a.test", "https://b.test:8443");
        assertThat(ws.compression()).isTrue();
        assertThat(ws.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ws.authTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ws.noAuthUser()).isEqualTo("a");
        assertThat(ws.authOverride()).isTrue();
        assertThat(List.of(ws.userCookie(), ws.passwordCookie(), ws.tokenCookie()))
                .containsExactly("u", "p", "t");
        assertThat(ws.headers()).containsEntry("X-Frame-Options", "DENY");
    }

    @Test
    void portMinusOneIsAFreePortAndNoPortIsNoListener() {
        assertThat(options("websocket { port: -1, no_tls: true }\n").webSocket().port())
                .isZero();
        assertThat(options("ws { host: 127.0.0.1, port: 8080, no_tls: true }\n")
                        .webSocket()
                        .port())
                .isEqualTo(8080);
        // as nats-server: without a port nothing else is checked (here: no TLS)
        assertThat(options("websocket { same_origin: true }\n").webSocket()).isNull();
    }

    @Test
    void tlsBlockIsTheBrokersTlsBlockWithItsChecks() {
        assertError(
                "websocket { port: 8443\n tls { cert_file: \"s.pem\", key_file: \"k.pem\" } }\n",
                2,
                "invalid value for 'key_file'",
                "no such file");
        assertError("websocket { port: 8443\n tls { cert_file: \"s.pem\", bogus: 1 } }\n", 2, "bogus");
    }

    @Test
    void errorsNameFileLineAndKey() {
        assertError(
                "port: 4222\nwebsocket {\n  port: 8080\n  no_tls: true\n  prot: 1\n}\n",
                5,
                "unknown setting 'prot' in websocket");
        assertError(
                "websocket {\n  port: 8080\n  no_tls: true\n  ping_interval: \"2m\"\n}\n",
                4,
                "'ping_interval'",
                "does not support yet");
        assertError(
                "websocket {\n  port: 8080\n  authorization { user: a, pass: b, users: [] }\n}\n",
                3,
                "unknown setting 'users'");
        assertError("websocket {\n  port: 8080\n}\n", 1, "websocket requires TLS configuration");
        assertError(
                "websocket {\n  port: 8080, no_tls: true\n  allowed_origins: [\"ftp://x.test\"]\n}\n",
                1,
                "allowed origins must be absolute URLs with http or https scheme");
        assertError(
                "websocket {\n  port: 8080, no_tls: true\n  headers { Upgrade: \"x\" }\n}\n",
                1,
                "websocket: invalid header \"Upgrade\" not allowed");
        assertError("websocket {\n  port: 70000, no_tls: true\n}\n", 2, "port");
        assertError("websocket {\n  port: 8080, no_tls: yes_please\n}\n", 2, "no_tls");
    }

    @Test
    void authorizationChecksAgainstTheServersUsers() {
        assertError(
                "authorization { users: [ {user: a, password: b} ] }\n"
                        + "websocket {\n  port: 8080, no_tls: true\n  authorization { user: w, password: p }\n}\n",
                2,
                "websocket authentication username not compatible with presence of users/nkeys");
        assertError(
                "authorization { users: [ {user: a, password: b} ] }\n"
                        + "websocket {\n  port: 8080, no_tls: true\n  authorization { token: t }\n}\n",
                2,
                "websocket authentication token not compatible with presence of users/nkeys");
        assertError(
                "authorization { users: [ {user: a, password: b} ] }\n"
                        + "websocket {\n  port: 8080, no_tls: true\n  no_auth_user: nobody\n}\n",
                2,
                "no_auth_user: \"nobody\" not present as user or nkey");
        assertError(
                "websocket {\n  port: 8080, no_tls: true\n  jwt_cookie: jwt\n}\n",
                1,
                "trusted operators or trusted keys configuration is required for JWT authentication via cookie \"jwt\"");
    }
}
