package io.natsspring.annotation.listener;

import io.nats.client.MessageConsumer;
import org.jspecify.annotations.Nullable;

/** A {@link JetStreamMessageSource} backed by a jnats {@link MessageConsumer} (simplified consumer API). */
abstract class MessageConsumerSource implements JetStreamMessageSource {

    /** The running consumer, set by {@code open}. */
    protected volatile @Nullable MessageConsumer consumer;

    @Override
    public void stop() {
        MessageConsumer current = consumer;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public void close() {
        MessageConsumer current = consumer;
        consumer = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception ignored) {
                // closing an already stopped consumer on a closing connection
            }
        }
    }
}
