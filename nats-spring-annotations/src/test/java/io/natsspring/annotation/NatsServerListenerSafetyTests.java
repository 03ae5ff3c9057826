package io.natsspring.annotation;

import io.natsspring.annotation.testsupport.TestServer;
import io.natsspring.annotation.testsupport.TestServers;

/** {@link ListenerSafetyTests} against a real {@code nats-server -js}. */
class NatsServerListenerSafetyTests extends ListenerSafetyTests {

    @Override
    protected TestServer server() {
        return TestServers.natsServer();
    }
}
