package io.natsspring.boot.jetstream;

import io.natsspring.test.server.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JetStreamStarterTests} in remote mode against the oldest installed {@code nats-server -js} (2.9.10, Debian
 * bookworm's, in CI): the remote-mode matrix's second column, next to {@link NatsServerJetStreamTest} (the newest).
 */
class OldestNatsServerJetStreamTest extends JetStreamStarterTests {

    private static NatsServerProcess server;

    @BeforeAll
    static void startServer() {
        server = NatsServerProcess.start(NatsServerProcess.oldestBinary(), true);
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
