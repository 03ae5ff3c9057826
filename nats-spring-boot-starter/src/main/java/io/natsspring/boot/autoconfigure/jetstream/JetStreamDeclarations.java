package io.natsspring.boot.autoconfigure.jetstream;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.util.List;

/**
 * Everything the application declares for JetStream, from properties and beans: streams first, then consumers
 * (which need their streams), then buckets.
 */
public record JetStreamDeclarations(
        List<StreamConfiguration> streams,
        List<JetStreamConsumerDeclaration> consumers,
        List<ConsumerConfiguration> unboundConsumers,
        List<KeyValueConfiguration> keyValueBuckets,
        List<ObjectStoreConfiguration> objectStoreBuckets) {

    public boolean isEmpty() {
        return streams.isEmpty()
                && consumers.isEmpty()
                && unboundConsumers.isEmpty()
                && keyValueBuckets.isEmpty()
                && objectStoreBuckets.isEmpty();
    }
}
