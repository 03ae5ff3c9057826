package io.natsspring.broker.jetstream;

import io.natsspring.broker.client.FlushBatch;
import io.natsspring.broker.client.InboundMessage;
import io.natsspring.broker.client.MessageRouter;

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

    /** Routes one message and flushes right away. */
    public void publishNow(String subject, byte[] headers, byte[] payload) {
        FlushBatch batch = new FlushBatch();
        publish(subject, headers, payload, batch);
        batch.flushAll();
    }
}
