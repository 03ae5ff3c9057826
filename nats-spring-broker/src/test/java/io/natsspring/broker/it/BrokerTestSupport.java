package io.natsspring.broker.it;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.server.BrokerOptions;
import io.natsspring.broker.server.NatsBroker;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts brokers on free loopback ports and connects jnats clients; closes everything after each test. */
abstract class BrokerTestSupport {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    protected NatsBroker startBroker() {
        return startBroker(BrokerOptions.builder());
    }

    protected NatsBroker startBroker(BrokerOptions.Builder options) {
        NatsBroker broker = new NatsBroker(options.host("127.0.0.1").port(0).build()).start();
        closeables.add(broker);
        return broker;
    }

    protected Connection connect(NatsBroker broker) throws Exception {
        return connect(new Options.Builder().server(broker.clientUrl()));
    }

    protected Connection connect(Options.Builder options) throws Exception {
        Connection c = Nats.connect(options.connectionTimeout(Duration.ofSeconds(5)).build());
        closeables.add(0, c);
        return c;
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
