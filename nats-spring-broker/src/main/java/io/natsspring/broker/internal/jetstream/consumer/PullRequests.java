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
        if (r.noWait && r.expiresAt == 0 && consumer.available() == 0) {
            status(reply, StatusMessages.plain(404, "No Messages"));
            return;
        }
        if (waiting.size() >= c.maxWaiting()) {
            expire(now);
        }
        if (waiting.size() >= c.maxWaiting()) {
            status(reply, StatusMessages.plain(409, "Exceeded MaxWaiting"));
            return;
        }
        waiting.add(r);
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

    /**
     * Whether the head request can take a message of {@code size} bytes; if not it is ended with
     * {@code 409 Message Size Exceeds MaxBytes} (the caller tries the next one).
     */
    boolean admit(int size) {
        PullRequest r = waiting.peek();
        if (r == null || r.maxBytes <= 0) {
            return true;
        }
        if (size <= r.maxBytes) {
            return true;
        }
        waiting.poll();
        status(r.reply, StatusMessages.withPending(409, "Message Size Exceeds MaxBytes", r.batch, r.maxBytes));
        return false;
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
        prune(now);
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

    private void expire(long now) {
        for (Iterator<PullRequest> it = waiting.iterator(); it.hasNext(); ) {
            PullRequest r = it.next();
            if (r.expired(now)) {
                it.remove();
                status(r.reply, StatusMessages.requestTimeout(r));
            }
        }
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
