package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.trace.MessageTrace;
import io.natsspring.broker.internal.trace.TraceDestination;
import io.natsspring.broker.internal.trace.TraceHeaders;
import java.util.List;
import java.util.Map;

/**
 * Starts the trace of a message that arrived over a leaf link carrying {@code Nats-Trace-Dest} (or a
 * {@code traceparent} in an account with {@code msg_trace}), as {@code nats-server} does for a {@code LEAF}
 * connection: an ingress event of kind 4 naming the peer server, the arrival {@code Nats-Trace-Hop} kept for the
 * next hops, no sampling (the origin server sampled), and this server's own event sent into the link's account.
 * Only messages with headers get here.
 */
final class LeafTracing {

    /** Returned by {@link #begin} when the message must be dropped (a trace-only message that cannot be traced). */
    static final MessageTrace SKIP = MessageTrace.begin(
            new TraceHeaders.Found(Map.of(TraceHeaders.DEST, List.of("_skip")), false),
            null,
            MessageTrace.LEAF,
            0,
            null,
            "",
            "",
            0,
            (d, e) -> {});

    private LeafTracing() {}

    /** The trace of a message from {@code link}, {@code null} when not traced, or {@link #SKIP}. */
    static MessageTrace begin(LeafLink link, String subject, byte[] headers, int payloadLength) {
        TraceHeaders.Found found = TraceHeaders.scan(headers);
        if (found == null) {
            return null;
        }
        Account account = link.account();
        String accountDest = null;
        if (found.external()) {
            TraceDestination d = account.router().traceDestination();
            if (d == null) {
                return null;
            }
            accountDest = d.dest();
        }
        boolean only = MessageTrace.traceOnlyRequested(found);
        MessageTrace t = MessageTrace.begin(
                found,
                accountDest,
                MessageTrace.LEAF,
                link.id(),
                link.handshake().peerName(),
                account.name(),
                subject,
                headers.length + payloadLength,
                (dest, event) -> send(link, account, dest, event));
        if (t == null || !Subjects.isValidPublishSubject(t.dest())) {
            return only ? SKIP : null;
        }
        if (link.deniesInbound(t.dest())) {
            link.sendErr("Permissions Violation for Publish to \"" + t.dest() + "\"");
            return SKIP;
        }
        return t;
    }

    private static void send(LeafLink link, Account account, String dest, Map<String, Object> event) {
        byte[] json = MessageTrace.json(link.nodes().traceIdentity(), event);
        FlushBatch batch = new FlushBatch();
        account.router().route(InboundMessage.of(dest, null, null, json), null, batch);
        batch.flushAll();
    }
}
