package io.natsspring.boot.jetstream;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link JetStreamStarterTests} against the embedded broker, through the same jnats calls as remote mode. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedBrokerJetStreamTest extends JetStreamStarterTests {

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
