package io.natsspring.kv.objectstore;

import io.nats.client.Connection;
import io.natsspring.kv.TestConnections;
import io.natsspring.test.server.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ObjectStoreTemplateContract} against the newest nats-server. */
class NatsServerObjectStoreTemplateTest extends ObjectStoreTemplateContract {

    private static NatsServerProcess server;
    private static Connection connection;

    @BeforeAll
    static void start() throws Exception {
        server = NatsServerProcess.startWithJetStream();
        connection = TestConnections.connect(server.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    Connection connection() {
        return connection;
    }
}
