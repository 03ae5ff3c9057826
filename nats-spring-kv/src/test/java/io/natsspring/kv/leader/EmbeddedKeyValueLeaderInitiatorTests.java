package io.natsspring.kv.leader;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueLeaderInitiatorTests} against the embedded broker with JetStream. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedKeyValueLeaderInitiatorTests extends KeyValueLeaderInitiatorTests {

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
