package io.natsspring.boot.autoconfigure.jetstream;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a declaration the server refused or could not apply (the message names the resource, the fields and the
 * server's reason) with what to change.
 */
class JetStreamDeclarationFailureAnalyzer extends AbstractFailureAnalyzer<JetStreamDeclarationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, JetStreamDeclarationException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Correct the declaration named above (nats.jetstream.* properties, or the StreamConfiguration,"
                        + " ConsumerConfiguration or JetStreamConsumerDeclaration bean) so that the server accepts it,"
                        + " or change the resource on the server. To start with the server's version of a resource"
                        + " whose update is refused, set nats.jetstream.declarations.on-conflict=warn.",
                cause);
    }
}
