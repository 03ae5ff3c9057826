package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.natsspring.broker.internal.client.ClientJsonWarmUp;
import io.natsspring.broker.internal.jetstream.api.ApiJsonWarmUp;
import org.junit.jupiter.api.Test;

/** The JSON warm-up of the standalone broker: it runs through without an error and only when asked. */
class JsonWarmUpTest {

    @Test
    void theWarmUpsRunThrough() {
        assertThatCode(ClientJsonWarmUp::run).doesNotThrowAnyException();
        assertThatCode(ApiJsonWarmUp::run).doesNotThrowAnyException();
    }

    @Test
    void startsOnlyWhenTurnedOn() throws InterruptedException {
        String before = System.getProperty(JsonWarmUp.PROPERTY);
        try {
            System.clearProperty(JsonWarmUp.PROPERTY);
            assertThat(JsonWarmUp.start()).isNull();
            System.setProperty(JsonWarmUp.PROPERTY, "true");
            Thread t = JsonWarmUp.start();
            assertThat(t).isNotNull();
            assertThat(t.isDaemon()).isTrue();
            t.join(60_000);
            assertThat(t.isAlive()).isFalse();
            System.setProperty(JsonWarmUp.PROPERTY, "false");
            assertThat(JsonWarmUp.start()).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(JsonWarmUp.PROPERTY);
            } else {
                System.setProperty(JsonWarmUp.PROPERTY, before);
            }
        }
    }
}
