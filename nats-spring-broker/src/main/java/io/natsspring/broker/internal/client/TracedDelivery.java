package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.routing.MatchResult;
import io.natsspring.broker.internal.trace.MessageTrace;
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
            // the remote side does not trace (no Nats-Trace-Hop support yet): as nats-server with an old remote
            int links = remote.count();
            for (int i = 0; i < links; i++) {
                trace.egress(
                        MessageTrace.LEAF,
                        0,
                        null,
                        null,
                        null,
                        null,
                        only ? MessageTrace.ONLY_NO_SUPPORT : MessageTrace.NO_SUPPORT);
            }
            if (!only) {
                delivered += remote.send(routedAs == null ? m : LinkAddressing.forLink(routedAs, m), batch);
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
        egress(trace, s, took ? null : MessageTrace.SUB_DENY);
        return took;
    }

    private static void egress(MessageTrace trace, Subscription s, String error) {
        ClientConnection c = s.owner();
        trace.egress(MessageTrace.CLIENT, c.id(), c.name(), s.subject(), s.queueGroup(), c.account(), error);
    }
}
