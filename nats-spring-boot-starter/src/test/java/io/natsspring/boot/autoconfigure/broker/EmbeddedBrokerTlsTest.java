package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The embedded broker with TLS from a Spring SSL bundle ({@code nats.broker.ssl.*}), the application's own
 * connection following it, and {@code nats.ssl.bundle} for a remote server. Test certificates are committed PEMs
 * under {@code src/test/resources/tls} (a CA, a server certificate for localhost/127.0.0.1 also usable as a
 * client certificate, and a client certificate for alice), valid until 2126.
 */
class EmbeddedBrokerTlsTest {

    @TempDir
    static Path store;

    private static final String[] BUNDLES = {
        "spring.ssl.bundle.pem.broker.keystore.certificate=classpath:tls/server.pem",
        "spring.ssl.bundle.pem.broker.keystore.private-key=classpath:tls/server-key.pem",
        "spring.ssl.bundle.pem.broker.truststore.certificate=classpath:tls/ca.pem",
        "spring.ssl.bundle.pem.alice.keystore.certificate=classpath:tls/alice.pem",
        "spring.ssl.bundle.pem.alice.keystore.private-key=classpath:tls/alice-key.pem",
        "spring.ssl.bundle.pem.alice.truststore.certificate=classpath:tls/ca.pem",
        "spring.ssl.bundle.pem.trust.truststore.certificate=classpath:tls/ca.pem"
    };

    private ApplicationContextRunner runner() {
        return NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(BUNDLES);
    }

    @Test
    void brokerTakesItsCertificateFromTheBundleAndTheAppConnectsOverTls() {
        runner().withPropertyValues("nats.broker.ssl.bundle=broker").run(context -> {
            NatsBroker broker = context.getBean(NatsBroker.class);
            assertThat(broker.options().tls()).isNotNull();
            assertThat(broker.options().tls().verify()).isFalse();
            Connection app = context.getBean(Connection.class);
            assertThat(app.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            assertThat(app.getOptions().getSslContext()).isNotNull();
            assertRoundTrip(app);
            assertThatThrownBy(() -> Nats.connect(plain(broker)))
                    .as("a plain client")
                    .isInstanceOf(Exception.class);
        });
    }

    @Test
    void mutualTlsNeedsAClientCertificateFromTheBundlesTrust() {
        runner().withPropertyValues("nats.broker.ssl.bundle=broker", "nats.broker.ssl.client-auth=need")
                .run(context -> {
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    assertThat(broker.options().tls().verify()).isTrue();
                    // the app presents the bundle's own certificate
                    assertRoundTrip(context.getBean(Connection.class));
                    SslBundles bundles = context.getBean(SslBundles.class);
                    // a refused handshake shows only when jnats' connection timeout ends: a short one
                    assertThatThrownBy(() -> Nats.connect(new Options.Builder(plain(broker))
                                    .sslContext(bundles.getBundle("trust").createSslContext())
                                    .connectionTimeout(Duration.ofSeconds(2))
                                    .build()))
                            .as("no client certificate")
                            .isInstanceOf(Exception.class);
                    try (Connection alice = Nats.connect(new Options.Builder(plain(broker))
                            .sslContext(bundles.getBundle("alice").createSslContext())
                            .build())) {
                        assertRoundTrip(alice);
                    }
                });
    }

    @Test
    void verifyAndMapAppliesTheMappedUsersPermissions() {
        runner().withPropertyValues(
                        "nats.broker.ssl.bundle=broker",
                        "nats.broker.ssl.verify-and-map=true",
                        "nats.broker.users[0].username=CN=localhost",
                        "nats.broker.users[1].username=alice@acme.test",
                        "nats.broker.users[1].publish-allow=alice.>")
                .run(context -> {
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    assertThat(broker.options().tls().verifyAndMap()).isTrue();
                    assertRoundTrip(context.getBean(Connection.class));
                    SslBundles bundles = context.getBean(SslBundles.class);
                    try (Connection alice = Nats.connect(new Options.Builder(plain(broker))
                            .sslContext(bundles.getBundle("alice").createSslContext())
                            .build())) {
                        assertThat(alice.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                    }
                });
    }

    @Test
    void handshakeFirstIsFollowedByTheAppConnection() {
        runner().withPropertyValues("nats.broker.ssl.bundle=broker", "nats.broker.ssl.handshake-first=true")
                .run(context -> {
                    assertThat(context.getBean(NatsBroker.class).options().tls().handshakeFirst())
                            .isTrue();
                    Connection app = context.getBean(Connection.class);
                    assertThat(app.getOptions().isTlsFirst()).isTrue();
                    assertRoundTrip(app);
                });
    }

    @Test
    void unknownBundleFailsStartup() {
        runner().withPropertyValues("nats.broker.ssl.bundle=nope")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("nope"));
    }

    @Test
    void remoteServerWithClientBundle() throws Exception {
        Path res = Path.of("src/test/resources/tls");
        try (NatsBroker remote = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .tls(TlsConfig.builder()
                                .certificate(res.resolve("server.pem"), res.resolve("server-key.pem"))
                                .caFile(res.resolve("ca.pem"))
                                .verify(true)
                                .build())
                        .build())
                .start()) {
            runner().withPropertyValues("nats.servers=" + remote.clientUrl(), "nats.ssl.bundle=alice")
                    .run(context -> assertRoundTrip(context.getBean(Connection.class)));
        }
    }

    private static Options plain(NatsBroker broker) {
        return new Options.Builder()
                .server(broker.clientUrl())
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0)
                .build();
    }

    private static void assertRoundTrip(Connection c) throws Exception {
        Subscription s = c.subscribe("tls.app");
        c.flush(Duration.ofSeconds(5));
        c.publish("tls.app", "ok".getBytes(StandardCharsets.UTF_8));
        Message m = s.nextMessage(Duration.ofSeconds(5));
        assertThat(m).isNotNull();
        s.unsubscribe();
    }
}
