package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.MessageHandler;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Push delivery: the server sends to a deliver subject as long as fewer than {@code maxAckPending} messages are
 * unacknowledged. One jnats dispatcher per container.
 */
final class PushMessageSource implements JetStreamMessageSource {

    private final Connection connection;
    private final JetStreamListenerEndpoint endpoint;
    private final ConsumerBinding binding;
    private @Nullable Dispatcher dispatcher;
    private @Nullable JetStreamSubscription subscription;
    private volatile @Nullable ConsumerConfiguration configuration;

    PushMessageSource(Connection connection, JetStreamListenerEndpoint endpoint, ConsumerBinding binding) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.binding = binding;
    }

    @Override
    public void open(MessageHandler handler) throws Exception {
        JetStream jetStream = connection.jetStream();
        ConsumerBinding.Decision decision = binding.decide(connection.jetStreamManagement());
        PushSubscribeOptions options = decision.bind()
                ? PushSubscribeOptions.bind(endpoint.stream(), endpoint.durable())
                : PushSubscribeOptions.builder().stream(endpoint.stream())
                        .configuration(decision.toCreate())
                        .build();
        String subject = endpoint.filterSubjects().size() == 1
                ? endpoint.filterSubjects().get(0)
                : null;
        Dispatcher created = connection.createDispatcher();
        dispatcher = created;
        JetStreamSubscription subscribed = jetStream.subscribe(subject, created, handler, false, options);
        subscription = subscribed;
        configuration = subscribed.getConsumerInfo().getConsumerConfiguration();
    }

    @Override
    public void stop() {
        Dispatcher current = dispatcher;
        JetStreamSubscription sub = subscription;
        if (current != null && sub != null && sub.isActive()) {
            current.unsubscribe(sub);
        }
    }

    @Override
    public void close() {
        Dispatcher current = dispatcher;
        dispatcher = null;
        subscription = null;
        if (current != null && current.isActive()) {
            try {
                connection.closeDispatcher(current);
            } catch (RuntimeException ignored) {
                // the connection is closing
            }
        }
    }

    @Override
    public boolean survivesReconnect() {
        return true;
    }

    @Override
    public @Nullable ConsumerConfiguration consumerConfiguration() {
        return configuration;
    }
}
