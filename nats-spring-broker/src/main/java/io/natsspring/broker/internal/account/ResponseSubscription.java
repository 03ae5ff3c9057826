package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.client.Subscription;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The way back of one service request across accounts: subscribed in the exporting account on the mapped reply
 * subject ({@code _R_.…}) the responder answers to, it delivers each answer to the requester's own reply subject
 * in the importing account. A singleton export lets one answer through, then unsubscribes; stream and chunked
 * exports let answers through until the response threshold expires. A measured request reports its latency with
 * the first answer, or its failure when none comes.
 */
final class ResponseSubscription extends Subscription {

    private final MessageRouter exporter;
    private final MessageRouter importer;
    private final String requesterReply;
    private final boolean singleton;
    private final Runnable onDone;
    /** The latency measurement of this request, or {@code null}. */
    private final LatencyMeasurement measurement;

    private final AtomicBoolean done = new AtomicBoolean();
    private volatile ScheduledFuture<?> expiry;

    ResponseSubscription(
            String mappedReply,
            MessageRouter exporter,
            MessageRouter importer,
            String requesterReply,
            boolean singleton,
            Runnable onDone,
            LatencyMeasurement measurement) {
        super(mappedReply, null);
        this.measurement = measurement;
        this.exporter = exporter;
        this.importer = importer;
        this.requesterReply = requesterReply;
        this.singleton = singleton;
        this.onDone = onDone;
    }

    void expiresWith(ScheduledFuture<?> expiry) {
        this.expiry = expiry;
    }

    @Override
    public ClientConnection owner() {
        return null;
    }

    @Override
    public boolean deliver(InboundMessage m, FlushBatch batch) {
        return deliver(m, null, batch);
    }

    @Override
    public boolean deliver(InboundMessage m, ClientConnection responder, FlushBatch batch) {
        if (done.get() || (singleton && !done.compareAndSet(false, true))) {
            return false;
        }
        if (measurement != null) {
            measurement.answered(responder, batch);
        }
        if (m.subject().equals(subject())) {
            importer.route(
                    InboundMessage.of(requesterReply, m.reply(), m.headerBytes(), m.payloadBytes()), null, batch);
        } else {
            // JetStream delivers under the message's own subject to whoever listens on the reply subject
            importer.routeAs(
                    requesterReply,
                    InboundMessage.of(m.subject(), m.reply(), m.headerBytes(), m.payloadBytes()),
                    batch);
        }
        if (singleton) {
            end(false, batch);
        }
        return true;
    }

    /** The response threshold passed: a measured request without an answer reports {@code 504}. */
    void expire() {
        FlushBatch batch = new FlushBatch();
        end(false, batch);
        batch.flushAll();
    }

    /**
     * Stops forwarding and unsubscribes (after the single answer, when nobody took the request ({@code noDelivery}),
     * or at expiry); a measured request without an answer reports its failure.
     */
    void end(boolean noDelivery, FlushBatch batch) {
        done.set(true);
        if (measurement != null) {
            measurement.failed(noDelivery, batch);
        }
        ScheduledFuture<?> f = expiry;
        if (f != null) {
            f.cancel(false);
        }
        if (exporter.unsubscribe(this)) {
            onDone.run();
        }
    }
}
