package io.natsspring.boot.kvconfig;

import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.BeforeAll;

/** {@link KeyValueConfigImportTests} against the embedded broker (run by the test, the application is remote). */
@EmbeddedNatsBroker(jetStream = true)
class EmbeddedBrokerKeyValueConfigImportTest extends KeyValueConfigImportTests {

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
