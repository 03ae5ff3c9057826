package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.client.Subscription;
import io.natsspring.broker.internal.routing.SubjectTransform;
import io.natsspring.broker.internal.trace.MessageTrace;

/**
 * A stream import: subscribed in the exporting account's router on the imported subject, it republishes each
 * message in the importing account under the local subject (prefixed or remapped), keeping the reply subject.
 * A hop limit stops messages that stream imports would pass around a cycle of accounts forever.
 */
final class StreamImportSubscription extends Subscription {

    private static final int MAX_HOPS = 8;
    private static final ThreadLocal<int[]> HOPS = ThreadLocal.withInitial(() -> new int[1]);

    private final MessageRouter importer;
    private final SubjectTransform local;
    private final String importerName;
    /** {@code allow_trace}: a traced message is traced on in the importing account. */
    private final boolean allowTrace;

    StreamImportSubscription(String subject, MessageRouter importer, SubjectTransform local) {
        this(subject, importer, local, null);
    }

    /** {@code importerName}: the importing account, named in the {@code se} event of a traced message. */
    StreamImportSubscription(String subject, MessageRouter importer, SubjectTransform local, String importerName) {
        this(subject, importer, local, importerName, false);
    }

    /** {@code allowTrace}: the import's {@code allow_trace}. */
    StreamImportSubscription(
            String subject, MessageRouter importer, SubjectTransform local, String importerName, boolean allowTrace) {
        super(subject, null);
        this.importer = importer;
        this.local = local;
        this.importerName = importerName;
        this.allowTrace = allowTrace;
    }

    @Override
    public ClientConnection owner() {
        return null;
    }

    @Override
    public boolean deliver(InboundMessage m, FlushBatch batch) {
        int[] hops = HOPS.get();
        if (hops[0] >= MAX_HOPS) {
            return false;
        }
        String to = local.apply(m.subject());
        MessageTrace trace = m.trace();
        if (trace != null) {
            trace.streamExport(importerName, to);
            // as nats-server for an import without allow_trace: the trace stops at the export
            if (!allowTrace && trace.traceOnly()) {
                return true;
            }
        }
        InboundMessage copy = InboundMessage.of(to, m.reply(), m.headerBytes(), m.payloadBytes());
        if (trace != null && allowTrace) {
            copy.trace(trace);
        }
        hops[0]++;
        try {
            return importer.route(copy, null, batch) > 0;
        } finally {
            hops[0]--;
        }
    }
}
