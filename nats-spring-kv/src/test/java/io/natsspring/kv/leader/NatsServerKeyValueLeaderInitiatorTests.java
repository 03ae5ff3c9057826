package io.natsspring.kv.leader;

import io.natsspring.test.server.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueLeaderInitiatorTests} against a real {@code nats-server -js} (the newest installed). */
class NatsServerKeyValueLeaderInitiatorTests extends KeyValueLeaderInitiatorTests {

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
