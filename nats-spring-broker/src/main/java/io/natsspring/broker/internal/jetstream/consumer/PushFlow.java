package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;

/**
 * Push delivery's side conditions: whether anyone listens on the deliver subject (a push consumer only delivers
 * while bound, and an ephemeral one is deleted after being unbound for its inactive threshold), flow control
 * ({@code 100 FlowControl Request} with a reply after every {@link #WINDOW_BYTES}; delivery stalls when the
 * previous one is still unanswered) and idle heartbeats ({@code 100 Idle Heartbeat}). Consumer thread only.
 */
final class PushFlow {

    /** Bytes delivered between two flow-control requests. */
    static final long WINDOW_BYTES = 512 * 1024;

    private static final byte[] EMPTY = new byte[0];

    private final Consumer consumer;
    private final InternalPublisher publisher;
    private boolean bound;
    private long unboundSince = System.nanoTime();
    private long lastSent = System.nanoTime();
    private long bytesSinceRequest;
    private String outstanding;
    private long requestCounter;

    PushFlow(Consumer consumer, InternalPublisher publisher) {
        this.consumer = consumer;
        this.publisher = publisher;
    }

    boolean isBound() {
        return bound;
    }

    /** Checks interest now; true when a message may be sent. */
    boolean canDeliver() {
        if (!bound) {
            refreshInterest(System.nanoTime());
            if (!bound) {
                return false;
            }
        }
        return outstanding == null || bytesSinceRequest < WINDOW_BYTES;
    }

    /** The deliver subject changed (durable re-bound elsewhere). */
    void rebind() {
        bound = false;
        outstanding = null;
        bytesSinceRequest = 0;
        unboundSince = System.nanoTime();
    }

    /** A delivery found nobody listening. */
    void lostInterest() {
        if (bound) {
            bound = false;
            unboundSince = System.nanoTime();
        }
    }

    /** Bookkeeping after a message of {@code size} bytes went out; sends a flow-control request when due. */
    void delivered(int size) {
        lastSent = System.nanoTime();
        ConsumerConfig c = consumer.config();
        if (!c.flowControl()) {
            return;
        }
        bytesSinceRequest += size;
        if (outstanding == null && bytesSinceRequest >= WINDOW_BYTES) {
            sendFlowControl(c);
        }
    }

    private void sendFlowControl(ConsumerConfig c) {
        outstanding = "$JS.FC." + consumer.streamName() + "." + consumer.name() + "." + (++requestCounter);
        bytesSinceRequest = 0;
        publisher.deliverNow(
                c.deliverSubject(), c.deliverSubject(), outstanding, StatusMessages.flowControlRequest(), EMPTY);
    }

    /** Sends a flow-control request unless one is outstanding (flow-control acks: pending reached its limit). */
    void requestFlowControl() {
        if (outstanding == null && bound) {
            sendFlowControl(consumer.config());
        }
    }

    /** A reset: an outstanding request no longer stands for what was delivered. */
    void forgetFlowControl() {
        outstanding = null;
        bytesSinceRequest = 0;
    }

    /** A reply on a flow-control subject; true when it released a stall. */
    boolean flowControlReply(String subject) {
        if (subject.equals(outstanding)) {
            outstanding = null;
            return true;
        }
        return false;
    }

    /** Timer round: interest and idle heartbeats. Returns true when delivery may resume. */
    boolean tick(long now) {
        boolean wasBound = bound;
        refreshInterest(now);
        ConsumerConfig c = consumer.config();
        long hb = c.idleHeartbeatNanos();
        if (bound && hb > 0 && now - lastSent >= hb) {
            lastSent = now;
            publisher.deliverNow(
                    c.deliverSubject(),
                    c.deliverSubject(),
                    null,
                    StatusMessages.idleHeartbeat(
                            consumer.lastDeliveredSeqs(false), consumer.lastDeliveredSeqs(true), outstanding),
                    EMPTY);
            if (c.ackPolicy() == AckPolicy.FLOW_CONTROL && outstanding == null && consumer.ackPending() > 0) {
                // idle with deliveries not yet acknowledged: a flow-control request moves the ack floor up
                sendFlowControl(c);
            }
        }
        return bound && !wasBound;
    }

    /** Checks interest on the deliver subject now (consumer info); true when it just became bound. */
    boolean refresh(long now) {
        boolean was = bound;
        refreshInterest(now);
        return bound && !was;
    }

    /** How long nobody has listened (0 while bound). */
    long unboundFor(long now) {
        return bound ? 0 : now - unboundSince;
    }

    private void refreshInterest(long now) {
        boolean has = publisher.hasInterest(consumer.config().deliverSubject());
        if (has && !bound) {
            bound = true;
            lastSent = now;
        } else if (!has && bound) {
            bound = false;
            unboundSince = now;
        }
    }
}
