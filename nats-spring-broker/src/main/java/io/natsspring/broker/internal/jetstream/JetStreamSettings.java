package io.natsspring.broker.internal.jetstream;

import io.natsspring.broker.internal.jetstream.stream.IngestBudget;
import java.nio.file.Path;
import java.time.Duration;

/**
 * JetStream's part of the broker settings.
 *
 * @param storeDir       store directory; {@code null} means a default under the temp directory
 * @param maxMemoryStore memory storage limit in bytes, {@code -1} for unlimited
 * @param maxFileStore   file storage limit in bytes, {@code -1} for unlimited
 * @param syncInterval   interval between fsyncs of the file store
 * @param syncAlways     whether the file store fsyncs on every append
 * @param apiQueueLimit  most API requests waiting for the API thread ({@code request_queue_limit})
 * @param domain         the JetStream domain ({@code jetstream.domain}), {@code null} when none
 * @param infoQueueLimit most info requests waiting for the API threads ({@code info_queue_limit})
 * @param ingestHeapPercent share of the maximum heap, in percent, that publishes queued for or being stored by the
 *                       stream writers may take together ({@code ingest_heap_percent})
 */
public record JetStreamSettings(
        Path storeDir,
        long maxMemoryStore,
        long maxFileStore,
        Duration syncInterval,
        boolean syncAlways,
        int apiQueueLimit,
        String domain,
        int infoQueueLimit,
        int ingestHeapPercent) {

    /** Settings with the default ingest budget (a quarter of the heap). */
    public JetStreamSettings(
            Path storeDir,
            long maxMemoryStore,
            long maxFileStore,
            Duration syncInterval,
            boolean syncAlways,
            int apiQueueLimit,
            String domain,
            int infoQueueLimit) {
        this(
                storeDir,
                maxMemoryStore,
                maxFileStore,
                syncInterval,
                syncAlways,
                apiQueueLimit,
                domain,
                infoQueueLimit,
                IngestBudget.DEFAULT_HEAP_PERCENT);
    }

    /** The bytes the stream writers' ingest may hold: {@link #ingestHeapPercent()} of the heap, at most 1 GiB. */
    public long ingestLimitBytes() {
        return IngestBudget.limitFor(ingestHeapPercent, Runtime.getRuntime().maxMemory());
    }

    /** Settings whose info requests have the same limit as the others ({@code nats-server}'s default). */
    public JetStreamSettings(
            Path storeDir,
            long maxMemoryStore,
            long maxFileStore,
            Duration syncInterval,
            boolean syncAlways,
            int apiQueueLimit,
            String domain) {
        this(storeDir, maxMemoryStore, maxFileStore, syncInterval, syncAlways, apiQueueLimit, domain, apiQueueLimit);
    }

    /** Settings without a domain. */
    public JetStreamSettings(
            Path storeDir,
            long maxMemoryStore,
            long maxFileStore,
            Duration syncInterval,
            boolean syncAlways,
            int apiQueueLimit) {
        this(storeDir, maxMemoryStore, maxFileStore, syncInterval, syncAlways, apiQueueLimit, null);
    }
}
