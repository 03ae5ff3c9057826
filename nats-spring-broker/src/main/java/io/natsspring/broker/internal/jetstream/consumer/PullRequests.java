package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.time.GoDuration;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A pull consumer's waiting list (ADR-13): admits {@code MSG.NEXT} requests within the consumer's limits, hands
 * out the request the next message goes to, and ends requests with the status messages clients expect
 * ({@code 404 No Messages}, {@code 408 Request Timeout}, {@code 409 …}). Consumer thread only.
 */
final class PullRequests {

    private static final byte[] EMPTY = new byte[0];

    private final Consumer consumer;
    private final InternalPublisher publisher;
    private final ArrayDeque<PullRequest> waiting = new ArrayDeque<>();

    PullRequests(Consumer consumer, InternalPublisher publisher) {
        this.consumer = consumer;
        this.publisher = publisher;
    }

    int size() {
        return waiting.size();
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Admits a request or answers why not. */
    void request(String reply, byte[] body) {
        long now = System.nanoTime();
        ConsumerConfig c = consumer.config();
        PullRequest r;
        try {
            r = PullRequest.parse(reply, body, now);
        } catch (PullRequest.BadRequest e) {
            status(reply, StatusMessages.plain(400, "Bad Request - " + e.getMessage()));
            return;
        }
        if (c.maxBatch() > 0 && r.batch > c.maxBatch()) {
            status(reply, StatusMessages.plain(409, "Exceeded MaxRequestBatch of " + c.maxBatch()));
            return;
        }
        if (r.expiresAt != 0 && c.maxExpiresNanos() > 0 && r.expiresAt - now > c.maxExpiresNanos()) {
            status(
                    reply,
                    StatusMessages.plain(
                            409, "Exceeded MaxRequestExpires of " + GoDuration.format(c.maxExpiresNanos())));
            return;
        }
        if (r.maxBytes > 0 && c.maxBytes() > 0 && r.maxBytes > c.maxBytes()) {
            status(reply, StatusMessages.plain(409, "Exceeded MaxRequestMaxBytes of " + c.maxBytes()));
            return;
        }
        if (!admitPriority(r, c, now)) {
            return;
        }
        if (r.noWait && r.expiresAt == 0 && consumer.available() == 0) {
            status(reply, StatusMessages.plain(404, "No Messages"));
            return;
        }
        if (r.noWait && requestsPending(now)) {
            status(reply, StatusMessages.plain(408, "Requests Pending"));
            return;
        }
        if (waiting.size() >= c.maxWaiting()) {
            expire(now);
        }
        if (waiting.size() >= c.maxWaiting()) {
            status(reply, StatusMessages.plain(409, "Exceeded MaxWaiting"));
            return;
        }
        if (c.policy() == PriorityPolicy.PRIORITIZED) {
            insertByLevel(r);
        } else {
            waiting.add(r);
        }
    }

    /**
     * The ADR-42 checks of a request, in {@code nats-server}'s order: fields that need another policy, the priority
     * range, the group, and the pin id ({@code 423} on mismatch; a matching one keeps the pin alive).
     */
    private boolean admitPriority(PullRequest r, ConsumerConfig c, long now) {
        PullRequest.Priority p = r.priority;
        if (p == null) {
            return true;
        }
        PriorityPolicy policy = c.policy();
        if ((p.minPending != 0 || p.minAckPending != 0) && policy != PriorityPolicy.OVERFLOW) {
            status(r.reply, StatusMessages.plain(400, "Bad Request - Not a Overflow Priority consumer"));
            return false;
        }
        if (r.pinId() != null && policy != PriorityPolicy.PINNED_CLIENT) {
            status(r.reply, StatusMessages.plain(400, "Bad Request - Not a Pinned Client Priority consumer"));
            return false;
        }
        if (p.level < 0 || p.level > 9) {
            status(r.reply, StatusMessages.plain(400, "Bad Request - Priority must be between 0 and 9"));
            return false;
        }
        if (policy == PriorityPolicy.NONE) {
            return true;
        }
        if (p.group.isEmpty()) {
            status(r.reply, StatusMessages.plain(400, "Bad Request - Priority Group missing"));
            return false;
        }
        if (!c.priorityGroups().contains(p.group)) {
            status(r.reply, StatusMessages.plain(400, "Bad Request - Invalid Priority Group"));
            return false;
        }
        PinnedClient pin = consumer.pin();
        if (pin.id() != null) {
            if (pin.id().equals(r.pinId())) {
                pin.refresh(p.group, now);
            } else if (r.pinId() != null) {
                status(r.reply, StatusMessages.plain(423, "Nats-Pin-Id mismatch"));
                return false;
            }
        }
        return true;
    }

    /** {@code prioritized}: behind every request of the same or a lower {@code priority}. */
    private void insertByLevel(PullRequest r) {
        if (waiting.isEmpty() || waiting.peekLast().level() <= r.level()) {
            waiting.add(r);
            return;
        }
        ArrayDeque<PullRequest> rest = new ArrayDeque<>();
        while (!waiting.isEmpty() && waiting.peekLast().level() > r.level()) {
            rest.addFirst(waiting.pollLast());
        }
        waiting.add(r);
        waiting.addAll(rest);
    }

    /**
     * Picks the request a message of {@code size} bytes goes to and leaves it at the head (as {@code nats-server}'s
     * {@code nextWaiting}): drops expired ones ({@code 408}); under {@code pinned_client} pins the first request
     * without a pin id when nobody is pinned, passes over unpinned requests and ends those with a stale pin id
     * ({@code 423 Nats-Wrong-Pin-Id}); under {@code overflow} passes over requests whose {@code min_pending} /
     * {@code min_ack_pending} are not reached; ends a request that cannot take {@code size} bytes ({@code 409}).
     * Requests passed over go to the back. {@code pending} counts the messages left including this one.
     *
     * @return the request, or {@code null} when no waiting request may take the message now
     */
    PullRequest select(int size, long pending) {
        long now = System.nanoTime();
        ConsumerConfig c = consumer.config();
        PriorityPolicy policy = c.policy();
        PinnedClient pin = consumer.pin();
        boolean needNewPin = policy == PriorityPolicy.PINNED_CLIENT && pin.id() == null;
        int passed = 0;
        PullRequest r;
        while ((r = waiting.peek()) != null) {
            if (r.expired(now)) {
                waiting.poll();
                status(r.reply, StatusMessages.requestTimeout(r));
                continue;
            }
            boolean assigned = false;
            if (needNewPin) {
                if (r.pinId() != null) {
                    waiting.poll();
                    status(r.reply, StatusMessages.withPending(423, "Nats-Wrong-Pin-Id", r.batch, r.maxBytes));
                    continue;
                }
                if (r.priority != null && !r.priority.group.isEmpty()) {
                    pin.assign(r, now);
                    assigned = true;
                }
            } else if (pin.id() != null && !pin.id().equals(r.pinId())) {
                if (r.pinId() != null) {
                    waiting.poll();
                    status(r.reply, StatusMessages.withPending(423, "Nats-Wrong-Pin-Id", r.batch, r.maxBytes));
                    continue;
                }
                waiting.add(waiting.poll());
                if (++passed >= waiting.size()) {
                    return null;
                }
                continue;
            }
            if (policy == PriorityPolicy.OVERFLOW && r.priority != null && !overflowReached(r.priority, pending)) {
                waiting.add(waiting.poll());
                if (++passed >= waiting.size()) {
                    return null;
                }
                continue;
            }
            if (r.maxBytes > 0 && size > r.maxBytes) {
                waiting.poll();
                status(r.reply, StatusMessages.withPending(409, "Message Size Exceeds MaxBytes", r.batch, r.maxBytes));
                if (assigned) {
                    pin.clear();
                }
                continue;
            }
            return r;
        }
        return null;
    }

    private boolean overflowReached(PullRequest.Priority p, long pending) {
        if (p.minPending <= 0 && p.minAckPending <= 0) {
            return true;
        }
        return (p.minPending > 0 && p.minPending <= pending)
                || (p.minAckPending > 0 && p.minAckPending <= consumer.ackPending());
    }

    /** The request the next message goes to, dropping expired ones first; {@code null} if none. */
    PullRequest head() {
        long now = System.nanoTime();
        PullRequest r;
        while ((r = waiting.peek()) != null && r.expired(now)) {
            waiting.poll();
            status(r.reply, StatusMessages.requestTimeout(r));
        }
        return r;
    }

    /** The head request got a message of {@code size} bytes. */
    void delivered(int size, long now) {
        PullRequest r = waiting.peek();
        if (r == null) {
            return;
        }
        r.delivered++;
        r.batch--;
        if (r.maxBytes > 0) {
            r.maxBytes -= size;
            if (r.maxBytes <= 0) {
                r.batch = 0;
            }
        }
        if (r.heartbeatNanos > 0) {
            r.nextHeartbeat = now + r.heartbeatNanos;
        }
        if (r.batch <= 0) {
            waiting.poll();
        }
    }

    /** The head request's subscriber is gone. */
    void dropHead() {
        waiting.poll();
    }

    /** Nothing more can be delivered now: {@code no_wait} requests end here. */
    void nothingMoreNow() {
        for (Iterator<PullRequest> it = waiting.iterator(); it.hasNext(); ) {
            PullRequest r = it.next();
            if (!r.noWait) {
                continue;
            }
            if (r.delivered > 0) {
                it.remove();
                status(r.reply, StatusMessages.requestTimeout(r));
            } else if (r.expiresAt == 0) {
                it.remove();
                status(r.reply, StatusMessages.plain(404, "No Messages"));
            }
        }
    }

    /** Expires requests, drops those nobody listens to any more, sends idle heartbeats. */
    void tick(long now) {
        boolean expired = expire(now);
        waiting.removeIf(r -> !publisher.hasInterest(r.reply));
        if (expired && consumer.ackPendingFull()) {
            // nats-server's expiry timer ends the one-shot requests held back by max_ack_pending with it
            nothingMoreNow();
        }
        for (PullRequest r : waiting) {
            if (r.heartbeatNanos > 0 && now - r.nextHeartbeat >= 0) {
                r.nextHeartbeat = now + r.heartbeatNanos;
                status(
                        r.reply,
                        StatusMessages.idleHeartbeat(
                                consumer.lastDeliveredSeqs(false), consumer.lastDeliveredSeqs(true), null));
            }
        }
    }

    /**
     * Ends expired requests ({@code 408}) and silently drops those whose reply subject lost its interest, as
     * nats-server does before it counts {@code num_waiting} (a stopped {@code consume()} unsubscribed its inbox).
     */
    void prune(long now) {
        expire(now);
        waiting.removeIf(r -> !publisher.hasInterest(r.reply));
    }

    /** Ends the expired requests ({@code 408}); whether there was one. */
    private boolean expire(long now) {
        boolean any = false;
        for (Iterator<PullRequest> it = waiting.iterator(); it.hasNext(); ) {
            PullRequest r = it.next();
            if (r.expired(now)) {
                it.remove();
                status(r.reply, StatusMessages.requestTimeout(r));
                any = true;
            }
        }
        return any;
    }

    /**
     * Whether the requests already waiting (still live and listened to) ask for more than the messages available,
     * so that a {@code no_wait} request would get nothing: {@code nats-server} answers it
     * {@code 408 Requests Pending}.
     */
    private boolean requestsPending(long now) {
        long available = consumer.available();
        if (available == 0 || waiting.isEmpty()) {
            return false;
        }
        prune(now);
        long asked = 0;
        for (PullRequest w : waiting) {
            asked += Math.max(0, w.batch);
        }
        return available < asked;
    }

    /** The consumer was deleted: every waiting request hears so. */
    void consumerDeleted() {
        PullRequest r;
        while ((r = waiting.poll()) != null) {
            status(r.reply, StatusMessages.plain(409, "Consumer Deleted"));
        }
    }

    private void status(String reply, byte[] headers) {
        publisher.publishNow(reply, headers, EMPTY);
    }
}
