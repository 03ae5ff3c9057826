package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.routing.MatchResult;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.natsspring.broker.internal.trace.TraceHeaders;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The router's delivery of a traced message: as the plain path, recording an egress event per subscription that
 * matched (or the reason it did not take the message) and, for a trace-only message, delivering to no client.
 * Kept apart so that untraced messages pay one field read.
 */
final class TracedDelivery {

    private TracedDelivery() {}

    static int deliver(
            MatchResult<Subscription> r,
            InboundMessage m,
            ClientConnection publisher,
            RemoteLink origin,
            List<String> queues,
            FlushBatch batch,
            String routedAs) {
        MessageTrace trace = m.trace();
        boolean only = trace.traceOnly();
        ClientConnection noEcho = publisher != null && !publisher.echo() ? publisher : null;
        int delivered = 0;
        RemoteDeliveries remote = null;
        for (int i = 0, n = r.plainCount(); i < n; i++) {
            Subscription s = r.plain(i);
            RemoteLink link = s.remoteLink();
            if (link != null) {
                if (link != origin) {
                    remote = RemoteDeliveries.add(remote, link, null);
                }
                continue;
            }
            if (noEcho != null && s.owner() == noEcho) {
                egress(trace, s, MessageTrace.NO_ECHO);
                continue;
            }
            if (one(trace, only, s, m, publisher, batch)) {
                delivered++;
            }
        }
        for (int g = 0, groups = r.groupCount(); g < groups; g++) {
            int size = r.groupSize(g);
            if (origin != null && !queues.contains(r.groupMember(g, 0).queueGroup())) {
                continue;
            }
            int start = size == 1 ? 0 : ThreadLocalRandom.current().nextInt(size);
            Subscription fallback = null;
            int weights = 0;
            boolean done = false;
            for (int k = 0; k < size; k++) {
                Subscription s = r.groupMember(g, (start + k) % size);
                RemoteLink link = s.remoteLink();
                if (link != null) {
                    int w = s.queueWeight();
                    if (link != origin && w > 0) {
                        weights += w;
                        if (ThreadLocalRandom.current().nextInt(weights) < w) {
                            fallback = s;
                        }
                    }
                    continue;
                }
                if (noEcho != null && s.owner() == noEcho) {
                    egress(trace, s, MessageTrace.NO_ECHO);
                    continue;
                }
                if (one(trace, only, s, m, publisher, batch)) {
                    delivered++;
                    done = true;
                    break;
                }
            }
            if (!done && fallback != null) {
                remote = RemoteDeliveries.add(remote, fallback.remoteLink(), fallback.queueGroup());
            }
        }
        if (remote != null) {
            delivered += remote(trace, only, remote, m, routedAs, batch);
        }
        return delivered;
    }

    /**
     * The links, after the local subscriptions (as nats-server): each gets the message with its own
     * {@code Nats-Trace-Hop} and an egress event naming that hop; a peer that traces sends its own event, so even a
     * trace-only message goes to it. One that does not trace gets a delivered message with an error in the egress
     * event, or, trace-only, nothing.
     */
    private static int remote(
            MessageTrace trace,
            boolean only,
            RemoteDeliveries remote,
            InboundMessage m,
            String routedAs,
            FlushBatch batch) {
        int delivered = 0;
        for (int i = 0, links = remote.count(); i < links; i++) {
            RemoteLink link = remote.link(i);
            RemoteLink.TracePeer peer = link.tracePeer();
            String hop = trace.nextHop();
            int kind = peer == null ? MessageTrace.LEAF : peer.kind();
            long cid = peer == null ? 0 : peer.cid();
            String name = peer == null ? null : peer.name();
            String acc = peer == null ? null : peer.account();
            if (link.deniesOutbound(m.subject())) {
                trace.egressLink(kind, cid, name, hop, acc, MessageTrace.PUB_VIOLATION);
                continue;
            }
            String error = null;
            if (peer == null || !peer.tracing()) {
                if (only) {
                    trace.egressLink(kind, cid, name, hop, acc, MessageTrace.ONLY_NO_SUPPORT);
                    continue;
                }
                error = MessageTrace.NO_SUPPORT;
            }
            trace.egressLink(kind, cid, name, hop, acc, error);
            InboundMessage out = InboundMessage.of(
                    m.subject(), m.reply(), TraceHeaders.set(m.headerBytes(), TraceHeaders.HOP, hop), m.payloadBytes());
            if (remote.send(i, routedAs == null ? out : LinkAddressing.forLink(routedAs, out), batch)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** One local subscription: a client's gets an egress event; the broker's own see the trace on the message. */
    private static boolean one(
            MessageTrace trace,
            boolean only,
            Subscription s,
            InboundMessage m,
            ClientConnection publisher,
            FlushBatch batch) {
        ClientConnection owner = s.owner();
        if (owner == null) {
            return s.deliver(m, publisher, batch);
        }
        if (only) {
            egress(trace, s, null);
            return true;
        }
        if (owner.isClosing()) {
            egress(trace, s, MessageTrace.CLIENT_CLOSED);
            return false;
        }
        boolean took = s.deliver(m, publisher, batch);
        egress(trace, s, took ? null : refusal(s, owner));
        return took;
    }

    /** Why a client's subscription did not take a message, in nats-server's words. */
    private static String refusal(Subscription s, ClientConnection owner) {
        if (s instanceof ClientSubscription cs && cs.overLimit()) {
            return MessageTrace.AUTO_UNSUB;
        }
        return owner.isClosing() ? MessageTrace.CLIENT_CLOSED : MessageTrace.SUB_DENY;
    }

    private static void egress(MessageTrace trace, Subscription s, String error) {
        ClientConnection c = s.owner();
        trace.egress(MessageTrace.CLIENT, c.id(), c.name(), s.subject(), s.queueGroup(), c.account(), error);
    }
}
