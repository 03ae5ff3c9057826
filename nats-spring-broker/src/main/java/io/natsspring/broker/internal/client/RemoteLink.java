package io.natsspring.broker.internal.client;

import java.util.List;
import java.util.Map;

/**
 * A link to another server (a leaf-node connection) that takes a message once, however many of its subscriptions
 * match, with the names of its queue groups the router chose for it.
 */
public interface RemoteLink {

    /**
     * Sends {@code m} over the link; {@code queues} names the link's queue groups chosen to receive it (empty when
     * only its plain interest matched). Returns {@code false} when the link could not take it.
     */
    boolean send(InboundMessage m, List<String> queues, FlushBatch batch);

    /**
     * {@code nats-server}'s {@code client} block of this link's connection (see {@link ClientInfoJson#forLeaf}), for
     * the advisories about requests that arrived over it; {@code null} when unknown.
     */
    default Map<String, Object> clientInfo() {
        return null;
    }
}
