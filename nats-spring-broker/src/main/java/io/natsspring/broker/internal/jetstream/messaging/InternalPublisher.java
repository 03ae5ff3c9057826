package io.natsspring.broker.internal.jetstream.messaging;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;

/**
 * Publishes messages the broker creates (API answers, PubAcks, direct-get replies) into routing from any
 * thread. Callers collect targets in their own {@link FlushBatch} and flush it once per batch.
 */
public final class InternalPublisher {

    private final MessageRouter router;

    public InternalPublisher(MessageRouter router) {
        this.router = router;
    }

    public MessageRouter router() {
        return router;
    }

    /** Routes one message; {@code headers} is a complete NATS header block or {@code null}. */
    public void publish(String subject, byte[] headers, byte[] payload, FlushBatch batch) {
        router.route(InboundMessage.of(subject, null, headers, payload), null, batch);
    }

    /**
     * Delivers a message under its own {@code subject} (with {@code reply}, may be {@code null}) to whoever listens
     * on {@code target}; returns how many subscriptions took it.
     */
    public int deliver(String target, String subject, String reply, byte[] headers, byte[] payload, FlushBatch batch) {
        return router.routeAs(target, InboundMessage.of(subject, reply, headers, payload), batch);
    }

    /** {@link #deliver} and flush right away. */
    public int deliverNow(String target, String subject, String reply, byte[] headers, byte[] payload) {
        FlushBatch batch = new FlushBatch();
        int n = deliver(target, subject, reply, headers, payload, batch);
        batch.flushAll();
        return n;
    }

    /** Routes a message the caller built (it may reuse {@code m} once this returns). */
    public void publish(InboundMessage m, FlushBatch batch) {
        router.route(m, null, batch);
    }

    /** Routes one message with a reply subject. */
    public void publish(String subject, String reply, byte[] headers, byte[] payload, FlushBatch batch) {
        router.route(InboundMessage.of(subject, reply, headers, payload), null, batch);
    }

    /** True when some subscription (a client's or the broker's) matches this literal subject. */
    public boolean hasInterest(String subject) {
        return !router.match(subject).isEmpty();
    }

    /** Routes one message and flushes right away. */
    public void publishNow(String subject, byte[] headers, byte[] payload) {
        FlushBatch batch = new FlushBatch();
        publish(subject, headers, payload, batch);
        batch.flushAll();
    }
}
