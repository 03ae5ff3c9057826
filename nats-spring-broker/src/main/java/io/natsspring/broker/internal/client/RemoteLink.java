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

    /** What a message trace shows of this link, {@code null} when it shows nothing of it. */
    default TracePeer tracePeer() {
        return null;
    }

    /**
     * The link as a trace event names it: connection kind and id, the peer server's name, the link's account, and
     * whether the peer traces messages itself (server-to-server protocol 3 or later).
     */
    record TracePeer(int kind, long cid, String name, String account, boolean tracing) {}

    /** Whether the link's permissions keep a message on {@code subject} from going out over it. */
    default boolean deniesOutbound(String subject) {
        return false;
    }
}
