package io.natsspring.annotation.listener;

import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.api.ConsumerConfiguration;
import org.jspecify.annotations.Nullable;

/** How a JetStream container receives messages: pull ({@code consume()}), push, or an ordered consumer. */
interface JetStreamMessageSource {

    /**
     * Creates or updates the consumer on the server without receiving yet, so that messages published before the
     * listener starts are kept for it. A no-op for sources that create their consumer only on {@link #open}.
     */
    default void declare() throws Exception {}

    /** Ensures the consumer exists (create or bind) and starts delivering to {@code handler}. */
    void open(MessageHandler handler) throws Exception;

    /** Stops asking for messages; messages already received may still arrive. */
    void stop();

    /** Releases the subscription. */
    void close();

    /** Forgets the consumer found or created, so the next {@link #open} looks again (after a server restart). */
    default void reset() {}

    /**
     * Whether jnats keeps this source's delivery going across a reconnect by itself (push subscriptions are
     * resubscribed); pull and ordered consumers are reopened by the container right after the reconnect.
     */
    default boolean survivesReconnect() {
        return false;
    }

    /** Called after each message was handled (ordered consumers remember where to resume). */
    default void handled(Message message) {}

    /** The consumer's effective configuration once opened (null for ordered consumers). */
    @Nullable
    ConsumerConfiguration consumerConfiguration();
}
