package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every stream shares with the JetStream service.
 *
 * @param publisher routes PubAcks
 * @param quota     account storage limits
 * @param timers    shared scheduler for max-age expiry (tasks it runs only hand work to stream writers)
 * @param domain    the server's JetStream domain, {@code null} when none (PubAcks carry it)
 * @param ingestLimit bytes of publishes the stream writers may hold, queued or being stored (see {@link IngestBudget})
 */
public record StreamContext(
        InternalPublisher publisher,
        StorageQuota quota,
        ScheduledExecutorService timers,
        String domain,
        long ingestLimit) {

    /** A context with the default ingest budget. */
    public StreamContext(
            InternalPublisher publisher, StorageQuota quota, ScheduledExecutorService timers, String domain) {
        this(publisher, quota, timers, domain, IngestBudget.DEFAULT_LIMIT);
    }

    /** A context without a JetStream domain. */
    public StreamContext(InternalPublisher publisher, StorageQuota quota, ScheduledExecutorService timers) {
        this(publisher, quota, timers, null);
    }
}
