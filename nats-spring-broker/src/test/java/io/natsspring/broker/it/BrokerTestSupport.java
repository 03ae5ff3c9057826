package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** Starts brokers on free loopback ports and connects jnats clients; closes everything after each test. */
abstract class BrokerTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(3);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    protected NatsBroker startBroker() {
        return startBroker(BrokerOptions.builder());
    }

    protected NatsBroker startBroker(BrokerOptions.Builder options) {
        NatsBroker broker = new NatsBroker(options.host("127.0.0.1").port(0).build()).start();
        closeables.add(broker);
        return broker;
    }

    /** Starts a broker exactly as configured (the port is not overridden). */
    protected NatsBroker startBrokerAsIs(BrokerOptions options) {
        NatsBroker broker = new NatsBroker(options).start();
        closeables.add(broker);
        return broker;
    }

    /** A jnats options builder pointing at {@code broker}. */
    protected Options.Builder options(NatsBroker broker) {
        return new Options.Builder().server(broker.clientUrl());
    }

    protected Connection connect(NatsBroker broker) throws Exception {
        return connect(options(broker));
    }

    protected Connection connect(Options.Builder options) throws Exception {
        Connection c =
                Nats.connect(options.connectionTimeout(Duration.ofSeconds(5)).build());
        closeables.add(0, c);
        return c;
    }

    /** A raw socket to the broker, closed after the test. */
    protected RawClient raw(NatsBroker broker) throws IOException {
        RawClient c = new RawClient(broker.port());
        closeables.add(0, c);
        return c;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(Message m) {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    /** A fresh jnats client on {@code broker} can still subscribe, publish and receive. */
    protected void assertBrokerHealthy(NatsBroker broker) throws Exception {
        try (Connection c = Nats.connect(
                options(broker).connectionTimeout(Duration.ofSeconds(5)).build())) {
            String subject = "health." + UUID.randomUUID().toString().replace("-", "");
            Subscription s = c.subscribe(subject);
            c.flush(WAIT);
            c.publish(subject, bytes("ok"));
            Message m = s.nextMessage(WAIT);
            assertThat(m).as("message through a fresh client").isNotNull();
            assertThat(text(m)).isEqualTo("ok");
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        closeables.clear();
    }
}
