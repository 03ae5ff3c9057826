package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.api.ConsumerConfiguration;
import java.util.Objects;

/**
 * A consumer declared in code, bound to its stream. Declare beans of this type (or plain
 * {@link ConsumerConfiguration} beans whose filter subject belongs to exactly one stream) to have the consumer
 * created or updated at startup.
 */
public record JetStreamConsumerDeclaration(String stream, ConsumerConfiguration configuration) {

    public JetStreamConsumerDeclaration {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(configuration, "configuration");
    }
}
