package io.natsspring.boot.jetstream;

import io.natsspring.broker.test.EmbeddedNatsBroker;
import io.natsspring.broker.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;

/**
 * {@link JetStreamStarterTests} against the embedded broker. Disabled until the broker answers {@code $JS.API}
 * (streams, then consumers and Key-Value): remove {@code @Disabled} then.
 */
@Disabled("the embedded broker does not answer $JS.API yet; enable when JetStream lands")
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
