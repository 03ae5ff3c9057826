package io.natsspring.boot.autoconfigure.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.BrokerStartException;
import java.net.BindException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class EmbeddedBrokerStartFailureAnalyzerTest {

    @Test
    void namesThePropertiesToChange() {
        BrokerStartException cause = new BrokerStartException(
                "Can not listen on 127.0.0.1:4222", new BindException("Address already in use"));
        FailureAnalysis analysis = new EmbeddedBrokerStartFailureAnalyzer()
                .analyze(new BeanCreationException("natsBroker", "failed", cause));
        assertThat(analysis.getDescription()).contains("127.0.0.1:4222");
        assertThat(analysis.getAction()).contains("nats.broker.port").contains("nats.servers");
    }
}
