package io.natsspring.boot.docs.security;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/configuration.md's complete example (SSL bundle + mutual TLS + two accounts), booted from exactly the YAML the
 * page shows: the application connects over mutual TLS as orders-app (account ORDERS), SHOP reaches the exported
 * service and stream, and a client without certificate is refused.
 */
@SpringBootTest(properties = {
        "spring.config.location=classpath:io/natsspring/boot/docs/security/application.yml",
        "nats.broker.store-dir=${java.io.tmpdir}/nats-spring-test/${random.uuid}"})
class SecureApplicationTest {

    @Autowired
    Connection app;

    @Autowired
    NatsBroker broker;

    @Autowired
    SslBundles bundles;

    @Test
    void theAppConnectsOverMutualTlsAsOrdersApp() throws Exception {
        assertThat(app.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        assertThat(app.getOptions().getSslContext()).isNotNull();
        assertThat(app.getOptions().getUsername()).isEqualTo("orders-app");
        assertThat(broker.options().tls().verify()).isTrue();
        assertThat(app.jetStreamManagement(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(10)).build())
                .getAccountStatistics().getLimits().getMaxStreams()).isEqualTo(10);
    }

    @Test
    void shopUsesTheExportsOfOrders() throws Exception {
        try (Connection shop = Nats.connect(options()
                .userInfo("shop", "shop-secret")
                .sslContext(bundles.getBundle("nats-broker").createSslContext())
                .build())) {
            app.createDispatcher(m -> app.publish(m.getReplyTo(), "12.50".getBytes(StandardCharsets.UTF_8)))
                    .subscribe("pricing.>");
            app.flush(Duration.ofSeconds(5));
            Message price = shop.request("pricing.book", new byte[0], Duration.ofSeconds(5));
            assertThat(new String(price.getData(), StandardCharsets.UTF_8)).isEqualTo("12.50");

            Subscription events = shop.subscribe("from-orders.orders.events.>");
            shop.flush(Duration.ofSeconds(5));
            app.publish("orders.events.placed", new byte[0]);
            assertThat(events.nextMessage(Duration.ofSeconds(5)).getSubject())
                    .isEqualTo("from-orders.orders.events.placed");
        }
    }

    @Test
    void aClientWithoutCertificateIsRefused() {
        // a refused handshake shows only when jnats' connection timeout ends: a short one
        assertThatThrownBy(() -> Nats.connect(options()
                        .userInfo("shop", "shop-secret")
                        .sslContext(trustOnly())
                        .connectionTimeout(Duration.ofSeconds(2))
                        .build()))
                .isInstanceOf(Exception.class);
    }

    private javax.net.ssl.SSLContext trustOnly() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, bundles.getBundle("nats-broker").getManagers().getTrustManagers(), null);
        return context;
    }

    private Options.Builder options() {
        return new Options.Builder()
                .server(broker.clientUrl())
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0);
    }
}
