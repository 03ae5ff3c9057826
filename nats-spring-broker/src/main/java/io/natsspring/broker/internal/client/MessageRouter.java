package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.routing.MatchResult;
import io.natsspring.broker.internal.routing.SubjectTree;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.natsspring.broker.internal.trace.TraceDestination;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers published messages to the matching subscriptions: every plain subscriber, plus one member of each
 * queue group. Shared by all connections; thread-safe.
 */
public final class MessageRouter {

    private static final ThreadLocal<ClientConnection> PUBLISHER = new ThreadLocal<>();
    private static final ThreadLocal<RemoteLink> LINK = new ThreadLocal<>();

    private final SubjectTree<Subscription> tree = new SubjectTree<>();
    private volatile SubjectMapper mapper;
    private volatile TraceDestination traceDestination;
    private final List<InterestListener> listeners = new CopyOnWriteArrayList<>();

    /** A router without subject mappings. */
    public MessageRouter() {
        this(null);
    }

    /** A router that rewrites published subjects with {@code mapper} first ({@code null}: no mappings). */
    public MessageRouter(SubjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The account's {@code msg_trace} destination ({@code null}: none), for {@code traceparent} tracing. */
    public void traceDestination(TraceDestination d) {
        this.traceDestination = d;
    }

    /** The account's {@code msg_trace} destination, or {@code null}. */
    public TraceDestination traceDestination() {
        return traceDestination;
    }

    /** Replaces the subject mappings (a configuration reload); later publishes use the new ones. */
    public void mapper(SubjectMapper mapper) {
        this.mapper = mapper;
    }

    public void subscribe(Subscription s) {
        tree.insert(s);
        if (!listeners.isEmpty()) {
            for (InterestListener l : listeners) {
                l.subscribed(s);
            }
        }
    }

    public boolean unsubscribe(Subscription s) {
        boolean removed = tree.remove(s);
        if (removed && !listeners.isEmpty()) {
            for (InterestListener l : listeners) {
                l.unsubscribed(s);
            }
        }
        return removed;
    }

    public void unsubscribeAll(Collection<? extends Subscription> subs) {
        if (listeners.isEmpty()) {
            tree.removeAll(subs);
            return;
        }
        for (Subscription s : subs) {
            unsubscribe(s);
        }
    }

    /**
     * Adds a listener told of every later subscribe and unsubscribe (leaf-node links propagate interest), and
     * returns the subscriptions present now, so that the listener starts from a consistent view.
     */
    public synchronized List<Subscription> addInterestListener(InterestListener l) {
        listeners.add(l);
        List<Subscription> all = new java.util.ArrayList<>();
        tree.forEach(all::add);
        return all;
    }

    /** Removes a listener added with {@link #addInterestListener}. */
    public void removeInterestListener(InterestListener l) {
        listeners.remove(l);
    }

    /** Number of subscriptions, clients' and the broker's own. */
    public int subscriptionCount() {
        return tree.size();
    }

    /** All subscriptions matching a literal subject. */
    public MatchResult<Subscription> match(String subject) {
        return tree.match(subject);
    }

    /**
     * Routes one message. {@code publisher} (may be {@code null}) is skipped when it does not want its own
     * messages echoed. Returns how many subscriptions took the message.
     */
    public int route(InboundMessage m, ClientConnection publisher, FlushBatch batch) {
        if (publisher == null) {
            return routeMapped(m, null, batch);
        }
        ClientConnection outer = PUBLISHER.get();
        PUBLISHER.set(publisher);
        try {
            return routeMapped(m, publisher, batch);
        } finally {
            PUBLISHER.set(outer);
        }
    }

    /**
     * The client whose message is being routed on this thread (subscribers run on the publisher's thread), or
     * {@code null} for an internal publication: system services that answer about the requester
     * ({@code $SYS.REQ.USER.INFO}) read it.
     */
    public static ClientConnection currentPublisher() {
        return PUBLISHER.get();
    }

    /**
     * The link whose message is being routed on this thread ({@link #routeFromLink}), or {@code null}: the JetStream
     * API describes the sender of a request that came over a leaf link with it.
     */
    public static RemoteLink currentLink() {
        return LINK.get();
    }

    private static void restoreLink(RemoteLink outer) {
        if (outer == null) {
            LINK.remove();
        } else {
            LINK.set(outer);
        }
    }

    private int routeMapped(InboundMessage m, ClientConnection publisher, FlushBatch batch) {
        SubjectMapper mapper = this.mapper;
        if (mapper != null) {
            String mapped = mapper.map(m.subject());
            if (mapped != null) {
                InboundMessage copy = InboundMessage.of(mapped, m.reply(), m.headerBytes(), m.payloadBytes());
                MessageTrace trace = m.trace();
                if (trace != null) {
                    trace.mapped(mapped);
                    copy.trace(trace);
                }
                return deliver(tree.match(mapped), copy, publisher, batch);
            }
        }
        String built = m.builtSubject();
        MatchResult<Subscription> matched = built != null
                ? tree.match(built, m.subjectBytes())
                : tree.match(m.subjectBytes(), 0, m.subjectLength());
        return deliver(matched, m, publisher, batch);
    }

    /**
     * Routes {@code m} to the subscriptions matching {@code routingSubject} while the delivered message keeps its
     * own subject (JetStream delivers a stored message to a consumer's deliver subject or a pull request's inbox
     * under the message's original subject). Returns how many subscriptions took it.
     */
    public int routeAs(String routingSubject, InboundMessage m, FlushBatch batch) {
        return deliver(tree.match(routingSubject), m, null, null, null, batch, routingSubject);
    }

    /**
     * Routes a message that arrived over a link to another server ({@code origin}, a leaf node): every plain
     * subscription except the origin's own, and one member of each queue group named in {@code queues} (none when
     * empty), local members first, as {@code nats-server} routes an {@code LMSG}. Returns how many took it.
     */
    public int routeFromLink(InboundMessage m, RemoteLink origin, List<String> queues, FlushBatch batch) {
        RemoteLink outer = LINK.get();
        LINK.set(origin);
        try {
            return routeFromLinkMapped(m, origin, queues, batch);
        } finally {
            restoreLink(outer);
        }
    }

    private int routeFromLinkMapped(InboundMessage m, RemoteLink origin, List<String> queues, FlushBatch batch) {
        SubjectMapper mapper = this.mapper;
        if (mapper != null) {
            String mapped = mapper.map(m.subject());
            if (mapped != null) {
                InboundMessage copy = InboundMessage.of(mapped, m.reply(), m.headerBytes(), m.payloadBytes());
                MessageTrace trace = m.trace();
                if (trace != null) {
                    trace.mapped(mapped);
                    copy.trace(trace);
                }
                return deliver(tree.match(mapped), copy, null, origin, queues, batch);
            }
        }
        return deliver(tree.match(m.subjectBytes(), 0, m.subjectLength()), m, null, origin, queues, batch);
    }

    /**
     * As {@link #routeFromLink}, for a JetStream delivery that crossed the link addressed to {@code routingSubject}
     * (a consumer's deliver subject) while {@code m} carries the message's own subject and plain reply (see {@link
     * LinkAddressing}).
     */
    public int routeFromLinkAs(
            String routingSubject, InboundMessage m, RemoteLink origin, List<String> queues, FlushBatch batch) {
        RemoteLink outer = LINK.get();
        LINK.set(origin);
        try {
            return deliver(tree.match(routingSubject), m, null, origin, queues, batch, routingSubject);
        } finally {
            restoreLink(outer);
        }
    }

    private int deliver(MatchResult<Subscription> r, InboundMessage m, ClientConnection publisher, FlushBatch batch) {
        return deliver(r, m, publisher, null, null, batch);
    }

    private int deliver(
            MatchResult<Subscription> r,
            InboundMessage m,
            ClientConnection publisher,
            RemoteLink origin,
            List<String> queues,
            FlushBatch batch) {
        return deliver(r, m, publisher, origin, queues, batch, null);
    }

    private int deliver(
            MatchResult<Subscription> r,
            InboundMessage m,
            ClientConnection publisher,
            RemoteLink origin,
            List<String> queues,
            FlushBatch batch,
            String routedAs) {
        if (r.isEmpty()) {
            return 0;
        }
        if (m.trace() != null) {
            return TracedDelivery.deliver(r, m, publisher, origin, queues, batch, routedAs);
        }
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
                continue;
            }
            if (s.deliver(m, publisher, batch)) {
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
                    // local members first; among remote ones, chosen in proportion to the announced weights
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
                    continue;
                }
                if (s.deliver(m, publisher, batch)) {
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
            delivered += remote.send(routedAs == null ? m : LinkAddressing.forLink(routedAs, m), batch);
        }
        return delivered;
    }
}
