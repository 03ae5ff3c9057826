package io.natsspring.broker.internal.leaf;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import io.natsspring.broker.it.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS, mutual TLS, {@code verify_and_map}, TLS handshake first, NKey and creds (operator mode) on a leaf-node link,
 * in both directions against the real nats-server 2.15.1: our broker as the hub of a nats-server leaf, and as the
 * leaf of a nats-server hub. Both servers read the same configuration files.
 */
@Timeout(60)
class LeafLinkSecurityTest {

    @TempDir
    Path dir;

    private final java.util.List<AutoCloseable> started = new java.util.ArrayList<>();

    static Stream<Arguments> directions() {
        return Stream.of(Arguments.of("our hub", true), Arguments.of("our leaf", false));
    }

    @org.junit.jupiter.api.AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void tls(String name, boolean oursIsHub) throws Exception {
        TestPki pki = new TestPki(dir);
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "leafnodes { listen: 127.0.0.1:" + port + "\n tls { cert_file: "
                + q(pki.server().certFile()) + ", key_file: " + q(pki.server().keyFile()) + " } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"tls://127.0.0.1:" + port
                + "\", tls { ca_file: " + q(pki.ca().certFile()) + " } } ] }\n";
        linkCarriesMessages(oursIsHub, hub, leaf, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void mutualTls(String name, boolean oursIsHub) throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Issued client = pki.client("leaf", "CN=leaf");
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "leafnodes { listen: 127.0.0.1:" + port + "\n tls { cert_file: "
                + q(pki.server().certFile())
                + ", key_file: " + q(pki.server().keyFile()) + ", ca_file: "
                + q(pki.ca().certFile())
                + ", verify: true, timeout: 3 } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://127.0.0.1:" + port
                + "\", tls { cert_file: " + q(client.certFile()) + ", key_file: " + q(client.keyFile())
                + ", ca_file: " + q(pki.ca().certFile()) + " } } ] }\n";
        linkCarriesMessages(oursIsHub, hub, leaf, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void verifyAndMapBindsTheLeafToTheMappedUsersAccount(String name, boolean oursIsHub) throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Issued client = pki.client("mapped", "CN=mapped", "leaf@example.com");
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "accounts { EDGE { users: [ { user: e, password: p } ] } }\n"
                + "leafnodes { listen: 127.0.0.1:" + port + "\n tls { cert_file: "
                + q(pki.server().certFile())
                + ", key_file: " + q(pki.server().keyFile()) + ", ca_file: "
                + q(pki.ca().certFile())
                + ", verify_and_map: true }\n authorization { users: [ { user: \"leaf@example.com\", account: EDGE } ]"
                + " } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"tls://127.0.0.1:" + port
                + "\", tls { cert_file: " + q(client.certFile()) + ", key_file: " + q(client.keyFile())
                + ", ca_file: " + q(pki.ca().certFile()) + " } } ] }\n";
        linkCarriesMessages(oursIsHub, hub, leaf, new Options.Builder().userInfo("e", "p"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void tlsHandshakeFirst(String name, boolean oursIsHub) throws Exception {
        TestPki pki = new TestPki(dir);
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "leafnodes { listen: 127.0.0.1:" + port + "\n tls { cert_file: "
                + q(pki.server().certFile()) + ", key_file: " + q(pki.server().keyFile())
                + ", handshake_first: true } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"tls://127.0.0.1:" + port
                + "\", tls { ca_file: " + q(pki.ca().certFile()) + ", handshake_first: true } } ] }\n";
        linkCarriesMessages(oursIsHub, hub, leaf, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void nkey(String name, boolean oursIsHub) throws Exception {
        NKey user = NKey.createUser(null);
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "leafnodes { listen: 127.0.0.1:" + port + "\n authorization { nkey: " + pub(user) + " } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://127.0.0.1:" + port
                + "\", nkey: " + new String(user.getSeed()) + " } ] }\n";
        linkCarriesMessages(oursIsHub, hub, leaf, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void credsIntoAnOperatorModeHub(String name, boolean oursIsHub) throws Exception {
        Operator op = Operator.create(dir, -1);
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = op.config() + "leafnodes { listen: 127.0.0.1:" + port + " }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://127.0.0.1:" + port
                + "\", credentials: " + q(op.creds("leaf")) + " } ] }\n";
        linkCarriesMessages(
                oursIsHub,
                hub,
                leaf,
                new Options.Builder()
                        .authHandler(Nats.credentials(op.creds("client").toString())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void aWrongNKeyGetsNoLink(String name, boolean oursIsHub) throws Exception {
        NKey user = NKey.createUser(null);
        NKey other = NKey.createUser(null);
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "leafnodes { listen: 127.0.0.1:" + port + "\n authorization { nkey: " + pub(user) + " } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"nats-leaf://127.0.0.1:" + port
                + "\", nkey: " + new String(other.getSeed()) + " } ] }\n";
        noLinkWithin(oursIsHub, hub, leaf);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void aLeafWithoutACertificateGetsNoLinkToAVerifyingHub(String name, boolean oursIsHub) throws Exception {
        TestPki pki = new TestPki(dir);
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "leafnodes { listen: 127.0.0.1:" + port + "\n tls { cert_file: "
                + q(pki.server().certFile())
                + ", key_file: " + q(pki.server().keyFile()) + ", ca_file: "
                + q(pki.ca().certFile())
                + ", verify: true } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"tls://127.0.0.1:" + port
                + "\", tls { ca_file: " + q(pki.ca().certFile()) + " } } ] }\n";
        noLinkWithin(oursIsHub, hub, leaf);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directions")
    void aCertificateMappedToNoUserGetsNoLink(String name, boolean oursIsHub) throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Issued client = pki.client("stranger", "CN=stranger", "stranger@example.com");
        int port = ReferenceNatsServer.freeTcpPort();
        String hub = "leafnodes { listen: 127.0.0.1:" + port + "\n tls { cert_file: "
                + q(pki.server().certFile())
                + ", key_file: " + q(pki.server().keyFile()) + ", ca_file: "
                + q(pki.ca().certFile())
                + ", verify_and_map: true }\n authorization { users: [ { user: \"leaf@example.com\" } ] } }\n";
        String leaf = "leafnodes { reconnect: \"250ms\", remotes: [ { url: \"tls://127.0.0.1:" + port
                + "\", tls { cert_file: " + q(client.certFile()) + ", key_file: " + q(client.keyFile())
                + ", ca_file: " + q(pki.ca().certFile()) + " } } ] }\n";
        noLinkWithin(oursIsHub, hub, leaf);
    }

    // ---- helpers

    /** Messages from the leaf do not reach the hub for 2 s after both servers started. */
    private void noLinkWithin(boolean oursIsHub, String hub, String leaf) throws Exception {
        Server h = start(oursIsHub, "hub", hub);
        Server l = start(!oursIsHub, "leaf", leaf);
        try (Connection onHub = LeafLinks.connect(h.url());
                Connection onLeaf = LeafLinks.connect(l.url())) {
            Subscription sub = onHub.subscribe("up.>");
            onHub.flush(Duration.ofSeconds(2));
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < end) {
                onLeaf.publish("up.x", new byte[0]);
                onLeaf.flush(Duration.ofSeconds(1));
                assertThat(sub.nextMessage(Duration.ofMillis(100))).isNull();
            }
        }
    }

    private void linkCarriesMessages(boolean oursIsHub, String hubConf, String leafConf, Options.Builder hubClient)
            throws Exception {
        Server hub = start(oursIsHub, "hub", hubConf);
        Server leaf = start(!oursIsHub, "leaf", leafConf);
        Options.Builder hb = hubClient == null ? new Options.Builder() : hubClient;
        try (Connection onHub = Nats.connect(hb.server(hub.url())
                        .connectionTimeout(Duration.ofSeconds(5))
                        .build());
                Connection onLeaf = LeafLinks.connect(leaf.url())) {
            Subscription up = onHub.subscribe("up.>");
            Message m = LeafLinks.publishUntilReceived(onLeaf, "up.one", null, up);
            assertThat(m.getSubject()).isEqualTo("up.one");
            Subscription down = onLeaf.subscribe("down.>");
            Message d = LeafLinks.publishUntilReceived(onHub, "down.one", null, down);
            assertThat(d.getSubject()).isEqualTo("down.one");
        }
    }

    /** A started server (ours or nats-server) with its client URL. */
    interface Server extends AutoCloseable {
        String url();
    }

    private Server start(boolean ours, String name, String conf) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name + (ours ? "-ours" : "-theirs")));
        Path file = Files.writeString(d.resolve(name + ".conf"), "server_name: " + name + "\n" + conf);
        Server s;
        if (ours) {
            NatsBroker b = new NatsBroker(BrokerConfigFile.load(file).options().toBuilder()
                            .host("127.0.0.1")
                            .port(0)
                            .build())
                    .start();
            s = new Server() {
                @Override
                public String url() {
                    return b.clientUrl();
                }

                @Override
                public void close() {
                    b.close();
                }
            };
        } else {
            assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
            ReferenceNatsServer r = ReferenceNatsServer.start(d, List.of("-c", file.toString()));
            s = new Server() {
                @Override
                public String url() {
                    return r.url();
                }

                @Override
                public void close() throws Exception {
                    r.close();
                }
            };
        }
        started.add(s);
        return s;
    }

    static String q(Path p) {
        return "\"" + p.toString().replace('\\', '/') + "\"";
    }

    /** An operator, a system account and account A (leaf limit {@code leafLimit}), with creds for A's users. */
    record Operator(Path dir, NKey account, String operatorFile, String accountJwt, String systemPub, String sysJwt) {

        static Operator create(Path dir, int leafLimit) throws Exception {
            NKey operator = JwtTokens.operatorKey();
            NKey system = JwtTokens.accountKey();
            NKey account = JwtTokens.accountKey();
            String operatorJwt = JwtTokens.claims("operator", pub(operator))
                    .nats("system_account", pub(system))
                    .sign(operator);
            Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
            String jwtA = JwtTokens.claims("account", pub(account))
                    .nats(
                            "limits",
                            "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
                                    + "\"wildcards\":true,\"conn\":-1,\"leaf\":" + leafLimit + "}")
                    .sign(operator);
            return new Operator(
                    dir,
                    account,
                    q(operatorFile),
                    jwtA,
                    pub(system),
                    JwtTokens.account(system).sign(operator));
        }

        String config() {
            return "operator: " + operatorFile + "\nsystem_account: " + systemPub + "\nresolver: MEMORY\n"
                    + "resolver_preload: {\n  " + systemPub + ": \"" + sysJwt + "\"\n  " + pub(account) + ": \""
                    + accountJwt + "\"\n}\n";
        }

        Path creds(String name) throws Exception {
            NKey u = JwtTokens.userKey();
            String jwt = JwtTokens.user(u).sign(account);
            return JwtTokens.creds(dir.resolve(name + ".creds"), jwt, u);
        }
    }
}
