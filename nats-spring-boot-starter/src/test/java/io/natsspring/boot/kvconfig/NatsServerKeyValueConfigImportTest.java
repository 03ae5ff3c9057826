package io.natsspring.boot.kvconfig;

import io.natsspring.test.server.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueConfigImportTests} against the newest nats-server. */
class NatsServerKeyValueConfigImportTest extends KeyValueConfigImportTests {

    private static NatsServerProcess server;

    @BeforeAll
    static void start() {
        server = NatsServerProcess.startWithJetStream();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected String serverUrl() {
        return server.url();
    }
}
