package io.natsspring.kv.listener;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueListenerTests} against the embedded broker with JetStream. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedKeyValueListenerTests extends KeyValueListenerTests {

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
