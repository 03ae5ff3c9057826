package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * An ordered consumer ({@code StreamContext.createOrderedConsumer}): no acks, strict stream order, recreated by jnats
 * on gaps. After a pause it resumes right after the last stream sequence it handled.
 */
final class OrderedMessageSource extends MessageConsumerSource {

    private final Connection connection;
    private final JetStreamListenerEndpoint endpoint;
    private final ConsumerBinding binding;
    private volatile long lastStreamSequence;

    OrderedMessageSource(Connection connection, JetStreamListenerEndpoint endpoint, ConsumerBinding binding) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.binding = binding;
    }

    @Override
    public void open(MessageHandler handler) throws Exception {
        binding.requireStream(connection.jetStreamManagement());
        OrderedConsumerConfiguration config = new OrderedConsumerConfiguration();
        if (!endpoint.filterSubjects().isEmpty()) {
            config.filterSubjects(endpoint.filterSubjects());
        }
        if (lastStreamSequence > 0) {
            config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(lastStreamSequence + 1);
        } else {
            config.deliverPolicy(endpoint.deliverPolicy());
        }
        consumer = connection
                .getStreamContext(endpoint.stream())
                .createOrderedConsumer(config)
                .consume(handler);
    }

    @Override
    public void handled(Message message) {
        if (message.isJetStream()) {
            lastStreamSequence = message.metaData().streamSequence();
        }
    }

    @Override
    public @Nullable ConsumerConfiguration consumerConfiguration() {
        return null;
    }
}
