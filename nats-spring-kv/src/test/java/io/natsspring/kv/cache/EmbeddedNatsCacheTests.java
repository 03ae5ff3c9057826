package io.natsspring.kv.cache;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link NatsCacheTests} against the embedded broker with JetStream. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedNatsCacheTests extends NatsCacheTests {

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
