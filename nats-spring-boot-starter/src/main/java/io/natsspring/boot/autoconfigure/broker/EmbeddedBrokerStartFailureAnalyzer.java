package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.broker.BrokerStartException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an embedded broker that could not start (usually a port in use) and names the properties to change. */
class EmbeddedBrokerStartFailureAnalyzer extends AbstractFailureAnalyzer<BrokerStartException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BrokerStartException cause) {
        return new FailureAnalysis(
                "The embedded NATS broker could not start: " + cause.getMessage(),
                "Set nats.broker.port to a free port (0 picks one at random) — or nats.broker.monitoring-port if the"
                        + " monitoring port is taken — or connect to an existing server instead with"
                        + " nats.servers=nats://host:4222 (or nats.mode=remote).",
                cause);
    }
}
