package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.LeafNodeConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class LeafNodesBlockTest {

    private static LeafNodeConfig read(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "l.conf"))
                .options()
                .leafNodes();
    }

    private static void assertError(String text, int line, String... fragments) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("l.conf:" + line + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void noBlockNoLeafNodes() {
        assertThat(read("port: 4222\n")).isNull();
    }

    @Test
    void hubSide() {
        LeafNodeConfig c = read("""
                leafnodes {
                  listen: "127.0.0.1:7422"
                  authorization {
                    user: leaf
                    password: "$2a$11$abcdefghijklmnopqrstuu"
                    timeout: 3
                    account: EDGE
                  }
                  reconnect: "250ms"
                }
                accounts { EDGE: {} }
                """);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(7422);
        assertThat(c.authorization().user()).isEqualTo("leaf");
        assertThat(c.authorization().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.authorization().account()).isEqualTo("EDGE");
        assertThat(c.reconnectDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.remotes()).isEmpty();
    }

    @Test
    void portZeroIsNoListenerAndMinusOneARandomPort() {
        assertThat(read("leafnodes { port: 0 }").port()).isEqualTo(LeafNodeConfig.NO_PORT);
        assertThat(read("leafnodes { port: -1 }").port()).isZero();
        assertThat(read("leafnodes { remotes: [] }").port()).isEqualTo(LeafNodeConfig.NO_PORT);
    }

    @Test
    void usersBindToAccounts() {
        LeafNodeConfig c = read("""
                leafnodes {
                  port: 7422
                  authorization { users: [ { user: a, password: pa, account: A }, { user: b, pass: pb } ] }
                }
                """);
        assertThat(c.authorization().users())
                .containsExactly(new LeafNodeConfig.User("a", "pa", "A"), new LeafNodeConfig.User("b", "pb", null));
    }

    @Test
    void remotes() {
        LeafNodeConfig c = read("""
                leafnodes {
                  remotes: [
                    { url: "nats-leaf://u:p@hub.example:7422", account: EDGE, deny_imports: ["secret.>"] }
                    { urls: ["nats://a.example", "b.example:7000"], deny_exports: "private.*" }
                  ]
                }
                """);
        assertThat(c.remotes()).hasSize(2);
        LeafNodeConfig.Remote r0 = c.remotes().get(0);
        assertThat(r0.urls()).containsExactly(URI.create("nats-leaf://u:p@hub.example:7422"));
        assertThat(r0.account()).isEqualTo("EDGE");
        assertThat(r0.denyImports()).containsExactly("secret.>");
        LeafNodeConfig.Remote r1 = c.remotes().get(1);
        assertThat(r1.urls())
                .containsExactly(URI.create("nats://a.example:7422"), URI.create("nats-leaf://b.example:7000"));
        assertThat(r1.denyExports()).containsExactly("private.*");
    }

    static List<org.junit.jupiter.params.provider.Arguments> badSettings() {
        return List.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n  prot: 7422\n}", 2, "unknown setting 'prot' in leafnodes"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n  tls { cert_file: x }\n}", 2, "missing 'key_file' in TLS configuration"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n  tls {\n cert_file: /nope.pem\n key_file: /nope.key }\n}",
                        4,
                        "invalid value for 'key_file'"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n compression: s2_auto\n}", 2, "'compression' in leafnodes"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\", credentials: \"/x.creds\" } ]\n}",
                        3,
                        "invalid value for 'credentials': can not read credentials file /x.creds"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\", nkey: SUNOPE } ]\n}",
                        3,
                        "Remote leafnode nkey is not a valid seed: \"SUNOPE\""),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\",\n tls { ca_file: /x.pem,\n pinned_certs: [] } } ]\n}",
                        5,
                        "'pinned_certs' in leafnodes remotes tls is a nats-server setting that nats-spring-broker does"
                                + " not support yet"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\",\n tls { verfy: true } } ]\n}",
                        4,
                        "unknown setting 'verfy' in leafnodes remotes tls"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\",\n tls {\n ca_file: /nope.pem } } ]\n}",
                        5,
                        "invalid value for 'ca_file'"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\",\n tls {\n cert_file: /a.pem } } ]\n}",
                        5,
                        "missing 'key_file'"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n authorization {\n nkey: UNOPE\n }\n}",
                        3,
                        "Not a valid public nkey for leafnode authorization"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\",\n hub: true } ]\n}",
                        4,
                        "'hub' in leafnodes remotes is a nats-server setting"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"ws://h:1\" } ]\n}", 3, "scheme 'ws'"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { account: A } ]\n}", 3, "needs a 'url'"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: [\n { url: \"nats://h:1\", deny_imports: [\"a..b\"] } ]\n}",
                        3,
                        "invalid subject"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n authorization {\n token: abc\n }\n}",
                        3,
                        "unknown setting 'token' in leafnodes authorization"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n authorization {\n user: a\n users: [ {user: b} ]\n }\n}",
                        2,
                        "can not have a single user/pass and a users array"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n authorization {\n users: [ {user: b}, {user: b} ]\n }\n}", 3, "duplicate user"),
                org.junit.jupiter.params.provider.Arguments.of("leafnodes {\n port: 70000\n}", 2, "port number"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "leafnodes {\n remotes: { url: \"nats://h:1\" }\n}",
                        2,
                        "Expected remotes field to be an array"));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("badSettings")
    void badSettingsNameTheKeyAndLine(String text, int line, String fragment) {
        assertError(text, line, fragment);
    }

    @Test
    void tlsNkeyAndCredentialsOnBothSides(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.natsspring.broker.it.tls.TestPki pki = new io.natsspring.broker.it.tls.TestPki(dir);
        io.nats.client.NKey user = io.nats.client.NKey.createUser(null);
        java.nio.file.Path creds = io.natsspring.broker.internal.auth.JwtTokens.creds(
                dir.resolve("u.creds"),
                io.natsspring.broker.internal.auth.JwtTokens.user(user)
                        .sign(io.natsspring.broker.internal.auth.JwtTokens.accountKey()),
                user);
        String server =
                pki.server().certFile() + "\", key_file: \"" + pki.server().keyFile();
        LeafNodeConfig c = read("leafnodes {\n port: 7422\n tls { cert_file: \"" + server + "\", ca_file: \""
                + pki.ca().certFile() + "\", verify_and_map: true, handshake_first: true }\n authorization { nkey: "
                + new String(user.getPublicKey()) + " }\n remotes: [\n { url: \"tls://h:1\", credentials: \"" + creds
                + "\" }\n { url: \"nats://h:2\", nkey: " + new String(user.getSeed()) + ", tls { ca_file: \""
                + pki.ca().certFile() + "\", insecure: true, timeout: 3, handshake_first: true } } ] }");
        assertThat(c.tls().verifyAndMap()).isTrue();
        assertThat(c.tls().handshakeFirst()).isTrue();
        assertThat(c.authorization().nkey()).isEqualTo(new String(user.getPublicKey()));
        assertThat(c.remotes().get(0).credentials()).isEqualTo(creds);
        assertThat(c.remotes().get(0).urls()).containsExactly(URI.create("tls://h:1"));
        assertThat(c.remotes().get(1).seed()).isEqualTo(new String(user.getSeed()));
        assertThat(c.remotes().get(1).tls())
                .isEqualTo(new LeafNodeConfig.RemoteTls(
                        null, null, pki.ca().certFile(), true, Duration.ofSeconds(3), true));
    }

    @Test
    void remoteAccountsMustExistAtStart() {
        LeafNodeConfig c = read("leafnodes { remotes: [ { url: \"nats://h:1\", account: NOPE } ] }");
        assertThat(c.remotes().get(0).account()).isEqualTo("NOPE");
        assertThatThrownBy(() -> new io.natsspring.broker.NatsBroker(io.natsspring.broker.BrokerOptions.builder()
                                .port(0)
                                .leafNodes(c)
                                .build())
                        .start())
                .hasMessageContaining("leafnode remote account \"NOPE\" not found");
        assertThat(List.of()).isEmpty();
    }
}
