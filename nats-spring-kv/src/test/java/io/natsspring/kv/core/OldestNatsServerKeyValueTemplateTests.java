package io.natsspring.kv.core;

import io.natsspring.test.server.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueTemplateTests} against the oldest installed {@code nats-server -js} (2.9.10 in CI). */
class OldestNatsServerKeyValueTemplateTests extends KeyValueTemplateTests {

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
