package io.natsspring.broker.internal.jetstream.messaging;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.Subscription;

/**
 * A subscription the broker holds itself (JetStream API, stream subjects, direct get). Its handler runs on the
 * publisher's thread and must copy what it keeps: the message is a reused flyweight.
 */
public final class InternalSubscription extends Subscription {

    /** Takes one routed message; returns {@code false} when it did not (e.g. closed). */
    @FunctionalInterface
    public interface Handler {
        boolean onMessage(InboundMessage message, FlushBatch batch);
    }

    private final Handler handler;
    private volatile boolean closed;

    public InternalSubscription(String subject, String queueGroup, Handler handler) {
        super(subject, queueGroup);
        this.handler = handler;
    }

    /** Stops taking messages (call before unsubscribing, to refuse anything routed meanwhile). */
    public void close() {
        closed = true;
    }

    @Override
    public ClientConnection owner() {
        return null;
    }

    @Override
    public boolean deliver(InboundMessage message, FlushBatch batch) {
        return !closed && handler.onMessage(message, batch);
    }
}
