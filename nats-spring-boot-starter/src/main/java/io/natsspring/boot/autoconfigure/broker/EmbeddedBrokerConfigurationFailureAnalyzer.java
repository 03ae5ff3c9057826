package io.natsspring.boot.autoconfigure.broker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an embedded broker configuration that can not be applied, naming the property (and file and line). */
class EmbeddedBrokerConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedBrokerConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedBrokerConfigurationException cause) {
        String action = cause.getProperty().equals("nats.broker.config-file")
                ? "Correct the configuration file at the line named above (it is read as nats-server reads it), or"
                        + " point nats.broker.config-file at another file."
                : "Correct " + cause.getProperty() + " (docs/configuration.md, section Embedded broker, lists the"
                        + " nats.broker.* properties).";
        return new FailureAnalysis(
                "The embedded NATS broker's configuration is invalid: " + cause.getMessage(), action, cause);
    }
}
