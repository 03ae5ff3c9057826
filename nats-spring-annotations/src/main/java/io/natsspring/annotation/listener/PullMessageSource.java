package io.natsspring.annotation.listener;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.MessageHandler;
import io.nats.client.StreamContext;
import io.nats.client.api.ConsumerConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Pull delivery through jnats's simplified API: {@code ConsumerContext.consume()} keeps at most {@code batchSize}
 * messages buffered and re-pulls as they are handled, so memory stays bounded whatever the stream's backlog.
 */
final class PullMessageSource extends MessageConsumerSource {

    private static final int NOT_FOUND = 404;

    private final Connection connection;
    private final JetStreamListenerEndpoint endpoint;
    private final ConsumerBinding binding;
    private volatile @Nullable ConsumerContext context;
    private volatile @Nullable ConsumerConfiguration configuration;

    PullMessageSource(Connection connection, JetStreamListenerEndpoint endpoint, ConsumerBinding binding) {
        this.connection = connection;
        this.endpoint = endpoint;
        this.binding = binding;
    }

    @Override
    public void open(MessageHandler handler) throws Exception {
        ConsumerContext ready = ensureConsumer();
        ConsumeOptions options =
                ConsumeOptions.builder().batchSize(endpoint.batchSize()).build();
        consumer = ready.consume(options, handler);
    }

    @Override
    public void declare() throws Exception {
        ensureConsumer();
    }

    private ConsumerContext ensureConsumer() throws Exception {
        ConsumerContext existing = context;
        if (existing != null && (endpoint.durable() != null || stillExists(existing))) {
            return existing;
        }
        ConsumerBinding.Decision decision = binding.decide(connection.jetStreamManagement());
        ConsumerContext created;
        if (decision.bind()) {
            created = connection.getConsumerContext(endpoint.stream(), endpoint.durable());
        } else {
            StreamContext stream = connection.getStreamContext(endpoint.stream());
            created = stream.createOrUpdateConsumer(decision.toCreate());
        }
        configuration = created.getConsumerInfo().getConsumerConfiguration();
        context = created;
        return created;
    }

    private static boolean stillExists(ConsumerContext context) throws Exception {
        try {
            context.getConsumerInfo();
            return true;
        } catch (JetStreamApiException ex) {
            if (ex.getErrorCode() == NOT_FOUND) {
                return false;
            }
            throw ex;
        }
    }

    @Override
    public void reset() {
        context = null;
    }

    @Override
    public @Nullable ConsumerConfiguration consumerConfiguration() {
        return configuration;
    }
}
