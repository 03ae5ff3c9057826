package io.natsspring.boot.jetstream;

import io.natsspring.test.server.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JetStreamStarterTests} in remote mode against a real {@code nats-server -js}. */
class NatsServerJetStreamTest extends JetStreamStarterTests {

    private static NatsServerProcess server;

    @BeforeAll
    static void startServer() {
        server = NatsServerProcess.startWithJetStream();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected String serverUrl() {
        return server.url();
    }
}
