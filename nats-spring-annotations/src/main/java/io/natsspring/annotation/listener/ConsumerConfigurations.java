package io.natsspring.annotation.listener;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.time.Duration;

/** Builds the consumer configuration a {@code @JetStreamConsumer} creates, with the defaults it leaves unset. */
final class ConsumerConfigurations {

    /** How long the server keeps an idle ephemeral consumer. */
    static final Duration EPHEMERAL_INACTIVE_THRESHOLD = Duration.ofMinutes(5);

    private ConsumerConfigurations() {}

    static ConsumerConfiguration.Builder from(JetStreamListenerEndpoint endpoint, ConsumerDefaults defaults) {
        ConsumerConfiguration.Builder builder =
                ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).deliverPolicy(endpoint.deliverPolicy());
        if (endpoint.durable() != null) {
            builder.durable(endpoint.durable());
        } else {
            builder.inactiveThreshold(EPHEMERAL_INACTIVE_THRESHOLD);
        }
        if (endpoint.filterSubjects().size() == 1) {
            builder.filterSubject(endpoint.filterSubjects().get(0));
        } else if (!endpoint.filterSubjects().isEmpty()) {
            builder.filterSubjects(endpoint.filterSubjects());
        }
        if (endpoint.ackWait() != null) {
            builder.ackWait(endpoint.ackWait());
        }
        long maxDeliver = maxDeliver(endpoint, defaults);
        if (maxDeliver > 0) {
            builder.maxDeliver(maxDeliver);
        }
        if (!endpoint.backoff().isEmpty()) {
            builder.backoff(endpoint.backoff().toArray(Duration[]::new));
        }
        if (endpoint.maxAckPending() > 0) {
            builder.maxAckPending(endpoint.maxAckPending());
        }
        return builder;
    }

    /**
     * The annotation's max-deliver, else the default, raised above the number of backoff delays the annotation
     * gives (the server requires more deliveries than delays).
     */
    static long maxDeliver(JetStreamListenerEndpoint endpoint, ConsumerDefaults defaults) {
        if (endpoint.maxDeliver() != null) {
            return endpoint.maxDeliver() > 0 ? endpoint.maxDeliver() : -1;
        }
        if (defaults.maxDeliver() > 0 && !endpoint.backoff().isEmpty()) {
            return Math.max(defaults.maxDeliver(), endpoint.backoff().size() + 1L);
        }
        return defaults.maxDeliver();
    }
}
