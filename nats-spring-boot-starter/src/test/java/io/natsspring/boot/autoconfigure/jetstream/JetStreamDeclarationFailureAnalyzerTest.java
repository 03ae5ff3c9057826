package io.natsspring.boot.autoconfigure.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Declaration errors, the user's and the server's, are reported by failure analyzers registered for Spring Boot. */
class JetStreamDeclarationFailureAnalyzerTest {

    @Test
    void describesTheDeclarationAndTheFix() {
        JetStreamDeclarationException e = new JetStreamDeclarationException(
                "JetStream stream 'ORDERS' does not match"
                        + " its declaration (declared change of storage: file -> memory)",
                null);
        FailureAnalysis analysis = new JetStreamDeclarationFailureAnalyzer()
                .analyze(new BeanCreationException("jetStreamDeclarationsInitializer", "failed", e));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("stream 'ORDERS'").contains("storage: file -> memory");
        assertThat(analysis.getAction()).contains("nats.jetstream.declarations.on-conflict=warn");
    }

    @Test
    void analyzersAreRegistered() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
                        .load(
                                FailureAnalyzer.class,
                                null,
                                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {})))
                .extracting(a -> a.getClass().getSimpleName())
                .contains(
                        "JetStreamDeclarationFailureAnalyzer",
                        "InvalidNatsPropertiesFailureAnalyzer",
                        "NatsConnectionFailureAnalyzer",
                        "EmbeddedBrokerStartFailureAnalyzer");
    }
}
