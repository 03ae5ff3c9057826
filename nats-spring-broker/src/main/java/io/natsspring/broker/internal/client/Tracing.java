package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.natsspring.broker.internal.trace.TraceDestination;
import io.natsspring.broker.internal.trace.TraceHeaders;
import io.netty.buffer.ByteBuf;

/**
 * Starts the trace of a client's publish ({@code Nats-Trace-Dest} or a sampled {@code traceparent}) and sends the
 * finished event into the publisher's account, as {@code nats-server} does. Only messages with headers get here.
 */
final class Tracing {

    /** Returned by {@link #begin} when the message must be dropped without delivery nor trace. */
    static final MessageTrace SKIP = MessageTrace.begin(
            new TraceHeaders.Found(java.util.Map.of(TraceHeaders.DEST, java.util.List.of("_skip")), false),
            null,
            MessageTrace.CLIENT,
            0,
            null,
            "",
            "",
            0,
            (d, e) -> {});

    private Tracing() {}

    /** The trace of {@code m} published by {@code c}, {@code null} when not traced, or {@link #SKIP}. */
    static MessageTrace begin(ClientConnection c, InboundMessage m) {
        ByteBuf buf = m.buffer();
        TraceHeaders.Found found = TraceHeaders.scan(buf::getByte, m.dataIndex(), m.headerLength());
        if (found == null) {
            return null;
        }
        String accountDest = null;
        if (found.external()) {
            TraceDestination d = c.router().traceDestination();
            if (d == null || !d.sample()) {
                return null;
            }
            accountDest = d.dest();
        }
        boolean only = MessageTrace.traceOnlyRequested(found);
        MessageTrace t = MessageTrace.begin(
                found,
                accountDest,
                MessageTrace.CLIENT,
                c.id(),
                c.name(),
                c.account(),
                m.subject(),
                m.totalLength(),
                (dest, event) -> send(c, dest, event));
        if (t == null) {
            return only ? SKIP : null;
        }
        if (!Subjects.isValidPublishSubject(t.dest())) {
            return only ? SKIP : null;
        }
        if (!c.settings().permissions().canPublish(t.dest())) {
            c.sendErr("Permissions Violation for Publish to \"" + t.dest() + "\"");
            return SKIP;
        }
        return t;
    }

    /**
     * An HPUB over {@code max_payload} whose first {@code headerLength} header bytes ask for a trace: the event with
     * the ingress error {@code maximum payload exceeded}, sent before the connection closes.
     */
    static void maxPayload(
            ClientConnection c, String subject, ByteBuf buf, int headerIndex, int headerLength, long total) {
        TraceHeaders.Found found = TraceHeaders.scan(buf::getByte, headerIndex, headerLength);
        if (found == null || found.external()) {
            return;
        }
        MessageTrace t = MessageTrace.begin(
                found,
                null,
                MessageTrace.CLIENT,
                c.id(),
                c.name(),
                c.account(),
                subject,
                (int) Math.min(Integer.MAX_VALUE, total),
                (dest, event) -> send(c, dest, event));
        if (t == null
                || !Subjects.isValidPublishSubject(t.dest())
                || !c.settings().permissions().canPublish(t.dest())) {
            return;
        }
        t.ingressError("maximum payload exceeded");
        t.routed();
    }

    private static void send(ClientConnection c, String dest, java.util.Map<String, Object> event) {
        byte[] json = MessageTrace.json(c.services().serverIdentity(), event);
        FlushBatch batch = new FlushBatch();
        c.router().route(InboundMessage.of(dest, null, null, json), null, batch);
        batch.flushAll();
    }
}
