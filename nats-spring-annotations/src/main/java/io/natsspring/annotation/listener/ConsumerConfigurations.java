package io.natsspring.annotation.listener;

import java.time.Duration;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;

/** Builds the consumer configuration a {@code @JetStreamConsumer} declares. */
final class ConsumerConfigurations {

    /** How long the server keeps an idle ephemeral consumer. */
    static final Duration EPHEMERAL_INACTIVE_THRESHOLD = Duration.ofMinutes(5);

    private ConsumerConfigurations() {
    }

    static ConsumerConfiguration.Builder from(JetStreamListenerEndpoint endpoint) {
        ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(endpoint.deliverPolicy());
        if (endpoint.durable() != null) {
            builder.durable(endpoint.durable());
        }
        else {
            builder.inactiveThreshold(EPHEMERAL_INACTIVE_THRESHOLD);
        }
        if (endpoint.filterSubjects().size() == 1) {
            builder.filterSubject(endpoint.filterSubjects().get(0));
        }
        else if (!endpoint.filterSubjects().isEmpty()) {
            builder.filterSubjects(endpoint.filterSubjects());
        }
        if (endpoint.ackWait() != null) {
            builder.ackWait(endpoint.ackWait());
        }
        if (endpoint.maxDeliver() > 0) {
            builder.maxDeliver(endpoint.maxDeliver());
        }
        if (!endpoint.backoff().isEmpty()) {
            builder.backoff(endpoint.backoff().toArray(Duration[]::new));
        }
        if (endpoint.maxAckPending() > 0) {
            builder.maxAckPending(endpoint.maxAckPending());
        }
        return builder;
    }
}
