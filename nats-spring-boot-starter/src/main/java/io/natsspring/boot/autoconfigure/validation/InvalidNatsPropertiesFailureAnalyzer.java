package io.natsspring.boot.autoconfigure.validation;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports unknown {@code nats.*} keys and invalid declarations, each with its property path, and what to change. */
class InvalidNatsPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidNatsPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidNatsPropertiesException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
