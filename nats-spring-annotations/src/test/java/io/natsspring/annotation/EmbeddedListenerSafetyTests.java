package io.natsspring.annotation;

import io.natsspring.annotation.testsupport.TestServer;
import io.natsspring.annotation.testsupport.TestServers;

/** {@link ListenerSafetyTests} against the embedded broker with JetStream. */
class EmbeddedListenerSafetyTests extends ListenerSafetyTests {

    @Override
    protected TestServer server() {
        return TestServers.embeddedJetStream();
    }
}
