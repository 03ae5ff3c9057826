package io.natsspring.annotation;

import io.natsspring.annotation.testsupport.TestServer;
import io.natsspring.annotation.testsupport.TestServers;

/** {@link JetStreamConsumerTests} against a real {@code nats-server -js}. */
class NatsServerJetStreamConsumerTests extends JetStreamConsumerTests {

    @Override
    protected TestServer server() {
        return TestServers.natsServer();
    }
}
