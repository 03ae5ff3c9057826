package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.RemoteLink;
import io.natsspring.broker.internal.client.Subscription;
import java.util.List;

/** Interest the peer of a leaf-node link announced with {@code LS+}, held in the link's account router. */
final class LeafSubscription extends Subscription {

    private final LeafLink link;
    private volatile int weight;

    LeafSubscription(LeafLink link, String subject, String queueGroup, int weight) {
        super(subject, queueGroup);
        this.link = link;
        this.weight = weight;
    }

    LeafLink link() {
        return link;
    }

    int weight() {
        return weight;
    }

    void weight(int weight) {
        this.weight = weight;
    }

    @Override
    public int queueWeight() {
        return weight;
    }

    @Override
    public ClientConnection owner() {
        return null;
    }

    @Override
    public RemoteLink remoteLink() {
        return link;
    }

    @Override
    public boolean deliver(InboundMessage message, FlushBatch batch) {
        return link.send(message, queueGroup() == null ? List.of() : List.of(queueGroup()), batch);
    }
}
