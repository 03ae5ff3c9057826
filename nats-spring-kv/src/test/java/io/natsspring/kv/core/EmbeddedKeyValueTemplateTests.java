package io.natsspring.kv.core;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueTemplateTests} against the embedded broker with JetStream. */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedKeyValueTemplateTests extends KeyValueTemplateTests {

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
