package io.natsspring.boot.autoconfigure.kv;

import io.natsspring.test.server.NatsServerProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueOperationsContract} on the newest nats-server with JetStream. */
class NatsServerKeyValueOperationsTest extends KeyValueOperationsContract {

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
    protected List<String> serverProperties() {
        return List.of("nats.servers=" + server.url());
    }
}
