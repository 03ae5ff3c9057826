package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.LeafLinkStatus;
import io.natsspring.broker.NatsBroker;
import io.natsspring.test.server.NatsServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code nats.broker.leaf.remotes[n].ssl.bundle}: the embedded broker reaches a real nats-server hub whose leaf-node
 * port requires TLS, trusting the hub through the bundle's trust store, presenting the bundle's key store when the
 * hub verifies client certificates ({@code verify: true}), and checking the hub's host name unless
 * {@code ssl.verify-hostname=false}.
 */
class EmbeddedBrokerLeafTlsTest {

    private static final String[] BUNDLES = {
        "spring.ssl.bundle.pem.alice.keystore.certificate=classpath:tls/alice.pem",
        "spring.ssl.bundle.pem.alice.keystore.private-key=classpath:tls/alice-key.pem",
        "spring.ssl.bundle.pem.alice.truststore.certificate=classpath:tls/ca.pem",
        "spring.ssl.bundle.pem.trust.truststore.certificate=classpath:tls/ca.pem"
    };

    @TempDir
    Path dir;

    /** A hub whose leaf-node port (on all interfaces) requires TLS with the test server certificate. */
    private NatsServerProcess hub(int leafPort, boolean verify) throws Exception {
        Path conf = dir.resolve("hub.conf");
        Files.writeString(
                conf,
                "leafnodes { port: " + leafPort + ", tls { cert_file: \"" + resource("server.pem")
                        + "\", key_file: \"" + resource("server-key.pem") + "\", ca_file: \"" + resource("ca.pem")
                        + "\"" + (verify ? ", verify: true" : "") + " } }\n");
        return NatsServerProcess.start(NatsServerProcess.binary(), false, List.of("-c", conf.toString()));
    }

    private static String resource(String name) throws Exception {
        return Path.of(EmbeddedBrokerLeafTlsTest.class
                        .getResource("/tls/" + name)
                        .toURI())
                .toString();
    }

    @Test
    void aBundlesTrustStoreReachesATlsHub() throws Exception {
        int leafPort = NatsServerProcess.freePort();
        try (NatsServerProcess hub = hub(leafPort, false)) {
            runner(dir.resolve("store"))
                    .withPropertyValues(BUNDLES)
                    .withPropertyValues(
                            // tls:// as nats-server users write it (TLS is used either way with a bundle)
                            "nats.broker.leaf.remotes[0].url=tls://127.0.0.1:" + leafPort,
                            "nats.broker.leaf.remotes[0].ssl.bundle=trust",
                            "nats.broker.leaf.reconnect-delay=200ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        awaitLinked(context.getBean(NatsBroker.class));
                        assertCrosses(context.getBean(Connection.class), hub);
                    });
        }
    }

    @Test
    void aBundlesKeyStoreIsTheClientCertificateOfAVerifyingHub() throws Exception {
        int leafPort = NatsServerProcess.freePort();
        try (NatsServerProcess hub = hub(leafPort, true)) {
            runner(dir.resolve("store"))
                    .withPropertyValues(BUNDLES)
                    .withPropertyValues(
                            "nats.broker.leaf.remotes[0].url=nats-leaf://127.0.0.1:" + leafPort,
                            "nats.broker.leaf.remotes[0].ssl.bundle=alice",
                            "nats.broker.leaf.reconnect-delay=200ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        awaitLinked(context.getBean(NatsBroker.class));
                        assertCrosses(context.getBean(Connection.class), hub);
                    });
            // without a client certificate the verifying hub refuses the link
            runner(dir.resolve("store2"))
                    .withPropertyValues(BUNDLES)
                    .withPropertyValues(
                            "nats.broker.leaf.remotes[0].url=nats-leaf://127.0.0.1:" + leafPort,
                            "nats.broker.leaf.remotes[0].ssl.bundle=trust",
                            "nats.broker.leaf.reconnect-delay=200ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertNeverLinked(context.getBean(NatsBroker.class));
                    });
        }
    }

    @Test
    void theHubsHostNameIsCheckedUnlessVerifyHostnameIsOff() throws Exception {
        int leafPort = NatsServerProcess.freePort();
        // 127.0.0.2 reaches the hub (loopback) but is not in its certificate (localhost, 127.0.0.1)
        String url = "nats-leaf://127.0.0.2:" + leafPort;
        try (NatsServerProcess hub = hub(leafPort, false)) {
            runner(dir.resolve("store"))
                    .withPropertyValues(BUNDLES)
                    .withPropertyValues(
                            "nats.broker.leaf.remotes[0].url=" + url,
                            "nats.broker.leaf.remotes[0].ssl.bundle=trust",
                            "nats.broker.leaf.reconnect-delay=200ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertNeverLinked(context.getBean(NatsBroker.class));
                    });
            runner(dir.resolve("store2"))
                    .withPropertyValues(BUNDLES)
                    .withPropertyValues(
                            "nats.broker.leaf.remotes[0].url=" + url,
                            "nats.broker.leaf.remotes[0].ssl.bundle=trust",
                            "nats.broker.leaf.remotes[0].ssl.verify-hostname=false",
                            "nats.broker.leaf.reconnect-delay=200ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        awaitLinked(context.getBean(NatsBroker.class));
                    });
        }
    }

    private static ApplicationContextRunner runner(Path store) {
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class));
    }

    /** The link stays down over several reconnect attempts (200 ms apart): the handshake is refused each time. */
    private static void assertNeverLinked(NatsBroker broker) {
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> broker.leafLinks().stream().noneMatch(LeafLinkStatus::connected));
    }

    private static void awaitLinked(NatsBroker broker) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(broker.leafLinks())
                        .singleElement()
                        .satisfies(l -> assertThat(l.connected()).isTrue()));
    }

    /** The application's message reaches a subscriber on the hub. */
    private static void assertCrosses(Connection app, NatsServerProcess hub) throws Exception {
        try (Connection central = Nats.connect(new Options.Builder()
                .server(hub.url())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build())) {
            Subscription sub = central.subscribe("edge.tls");
            central.flush(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        app.publish("edge.tls", "secret".getBytes(StandardCharsets.UTF_8));
                        app.flush(Duration.ofSeconds(2));
                        return sub.nextMessage(Duration.ofMillis(200)) != null;
                    });
        }
    }
}
