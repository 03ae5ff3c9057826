package io.natsspring.kv.objectstore;

import io.nats.client.Connection;
import io.natsspring.kv.TestConnections;
import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ObjectStoreTemplateContract} against the embedded broker. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedBrokerObjectStoreTemplateTest extends ObjectStoreTemplateContract {

    private static Connection connection;

    @BeforeAll
    static void connect(@NatsBrokerUrl String url) throws Exception {
        connection = TestConnections.connect(url);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        connection.close();
    }

    @Override
    Connection connection() {
        return connection;
    }
}
