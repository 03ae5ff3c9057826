package io.natsspring.annotation;

import io.natsspring.annotation.testsupport.TestServer;
import io.natsspring.annotation.testsupport.TestServers;

/**
 * {@link JetStreamConsumerTests} against the oldest installed {@code nats-server -js} (Debian's 2.9.10 in CI): the
 * remote-mode matrix's second column, next to {@link NatsServerJetStreamConsumerTests} (the newest).
 */
class OldestNatsServerJetStreamConsumerTests extends JetStreamConsumerTests {

    @Override
    protected TestServer server() {
        return TestServers.oldestNatsServer();
    }
}
