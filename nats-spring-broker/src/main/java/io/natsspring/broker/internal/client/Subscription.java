package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.routing.RoutedSubscription;

/**
 * Something that receives messages published on matching subjects: a client's SUB, or a subscription the
 * broker holds itself (JetStream). Instances are compared by identity.
 */
public abstract class Subscription implements RoutedSubscription {

    private final String subject;
    private final String queueGroup;

    protected Subscription(String subject, String queueGroup) {
        this.subject = subject;
        this.queueGroup = queueGroup;
    }

    @Override
    public final String subject() {
        return subject;
    }

    @Override
    public final String queueGroup() {
        return queueGroup;
    }

    /** The connection that owns this subscription, or {@code null} for the broker's own. Used for echo. */
    public abstract ClientConnection owner();

    /**
     * Takes one message. Returns {@code false} when it can not (closed, slow consumer, auto-unsubscribe limit
     * reached) so that a queue group can try another member. Targets to flush are added to {@code batch}.
     */
    public abstract boolean deliver(InboundMessage message, FlushBatch batch);

    /**
     * As {@link #deliver(InboundMessage, FlushBatch)}, knowing the connection that published the message
     * ({@code null}: the broker itself); the broker's service imports use it for latency tracking.
     */
    public boolean deliver(InboundMessage message, ClientConnection publisher, FlushBatch batch) {
        return deliver(message, batch);
    }

    /**
     * The link to another server this subscription stands for (interest a leaf node announced), or {@code null}
     * for a local one. The router sends a message once per link, naming the link's queue groups it chose.
     */
    public RemoteLink remoteLink() {
        return null;
    }

    /**
     * The weight of this queue member when the member is picked among remote ones: how many members the peer of a
     * link announced behind it ({@code LS+ subject queue weight}); 1 for a local member.
     */
    public int queueWeight() {
        return 1;
    }
}
