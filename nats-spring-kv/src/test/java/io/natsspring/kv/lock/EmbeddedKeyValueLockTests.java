package io.natsspring.kv.lock;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueLockTests} against the embedded broker with JetStream. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedKeyValueLockTests extends KeyValueLockTests {

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
