package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.boot.testsupport.NatsAutoConfigurations;
import io.natsspring.broker.NatsBroker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@code nats.broker.websocket.*}: the embedded broker's WebSocket listener, plain ({@code no-tls}) or over TLS
 * with the broker's SSL bundle; a listener without TLS is refused naming the property.
 */
class EmbeddedBrokerWebSocketTest {

    @TempDir
    static Path store;

    private static Connection ws(String url, javax.net.ssl.SSLContext ssl) throws Exception {
        Options.Builder b = new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(15))
                .maxReconnects(0);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return Nats.connect(b.build());
    }

    @Test
    void aBrowserClientReachesTheApplicationOverWebSocket() {
        NatsAutoConfigurations.runner(store)
                .withPropertyValues(
                        "nats.broker.websocket.port=0",
                        "nats.broker.websocket.no-tls=true",
                        "nats.broker.websocket.compression=true",
                        "nats.broker.websocket.same-origin=true",
                        "nats.broker.websocket.allowed-origins=http://app.test")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    assertThat(broker.options().webSocket().compression()).isTrue();
                    assertThat(broker.options().webSocket().sameOrigin()).isTrue();
                    assertThat(broker.options().webSocket().allowedOrigins()).containsExactly("http://app.test");
                    assertThat(broker.options().webSocket().host()).isEqualTo("127.0.0.1");
                    Connection app = context.getBean(Connection.class);
                    Subscription sub = app.subscribe("browser.events");
                    app.flush(Duration.ofSeconds(5));
                    try (Connection browser = ws("ws://127.0.0.1:" + broker.webSocketPort(), null)) {
                        browser.publish("browser.events", "clicked".getBytes());
                        Message m = sub.nextMessage(Duration.ofSeconds(5));
                        assertThat(new String(m.getData())).isEqualTo("clicked");
                    }
                });
    }

    @Test
    void wssUsesTheBrokersSslBundle() {
        NatsAutoConfigurations.runner(store)
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(
                        "spring.ssl.bundle.pem.broker.keystore.certificate=classpath:tls/server.pem",
                        "spring.ssl.bundle.pem.broker.keystore.private-key=classpath:tls/server-key.pem",
                        "spring.ssl.bundle.pem.broker.truststore.certificate=classpath:tls/ca.pem",
                        "spring.ssl.bundle.pem.trust.truststore.certificate=classpath:tls/ca.pem",
                        "nats.broker.ssl.bundle=broker",
                        "nats.broker.websocket.port=0",
                        // the app's own TLS connection: a TLS handshake can take seconds on a loaded machine
                        "nats.connection-timeout=15s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NatsBroker broker = context.getBean(NatsBroker.class);
                    SslBundles bundles = context.getBean(SslBundles.class);
                    try (Connection browser = ws(
                            "wss://localhost:" + broker.webSocketPort(),
                            bundles.getBundle("trust").createSslContext())) {
                        assertThat(browser.getServerInfo().isTLSRequired()).isTrue();
                        assertThat(browser.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                    }
                });
    }

    @Test
    void aListenerWithoutTlsIsRefusedNamingTheProperty() {
        NatsAutoConfigurations.runner(store)
                .withPropertyValues("nats.broker.websocket.port=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(EmbeddedBrokerConfigurationException.class)
                        .hasMessageContaining("nats.broker.websocket.no-tls")
                        .hasMessageContaining("nats.broker.ssl.bundle"));
        NatsAutoConfigurations.runner(store)
                .withPropertyValues(
                        "nats.broker.websocket.port=0",
                        "nats.broker.websocket.no-tls=true",
                        "nats.broker.websocket.allowed-origins=app.test")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("nats.broker.websocket.allowed-origins")
                        .hasMessageContaining("unable to parse allowed origin"));
    }

    @Test
    void noPortNoListener() {
        NatsAutoConfigurations.runner(store).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(NatsBroker.class).options().webSocket()).isNull();
        });
    }
}
