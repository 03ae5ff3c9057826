package io.natsspring.boot.objectstore;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link ObjectStoreStarterTests} against the embedded broker. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedBrokerObjectStoreStarterTest extends ObjectStoreStarterTests {

    private static String url;

    @BeforeAll
    static void brokerUrl(@NatsBrokerUrl String brokerUrl) {
        url = brokerUrl;
    }

    @Override
    protected String serverUrl() {
        return url;
    }
}
