package io.natsspring.annotation;

import io.natsspring.annotation.testsupport.TestServer;
import io.natsspring.annotation.testsupport.TestServers;

/** {@link JetStreamConsumerTests} against the embedded broker with JetStream. */
class EmbeddedJetStreamConsumerTests extends JetStreamConsumerTests {

    @Override
    protected TestServer server() {
        return TestServers.embeddedJetStream();
    }
}
