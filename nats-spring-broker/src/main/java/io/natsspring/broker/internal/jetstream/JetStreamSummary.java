package io.natsspring.broker.internal.jetstream;

import io.natsspring.broker.internal.jetstream.account.AccountUsage;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.api.ApiStats;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders JetStream's figures for the {@code /jsz} and {@code /varz} monitoring endpoints: {@code config} as
 * {@code nats-server}'s {@code JetStreamConfig} ({@code max_memory}, {@code max_storage}, {@code store_dir},
 * {@code sync_interval}, {@code sync_always}, {@code domain}, {@code strict}), usage, stream and message counts, API figures.
 */
final class JetStreamSummary {

    /** {@code config.sync_interval} when none is set: {@code nats-server}'s default (2 min), in nanoseconds. */
    static final long SYNC_INTERVAL_NANOS = 120_000_000_000L;

    private JetStreamSummary() {}

    static Map<String, Object> render(
            StreamRegistry registry, ApiStats stats, Path storeDir, JetStreamSettings settings) {
        AccountUsage usage = registry.usage();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("max_memory", usage.maxMemory());
        config.put("max_storage", usage.maxStore());
        config.put("store_dir", storeDir.toString());
        config.put(
                "sync_interval",
                settings.syncInterval() == null
                        ? SYNC_INTERVAL_NANOS
                        : settings.syncInterval().toNanos());
        if (settings.syncAlways()) {
            config.put("sync_always", true);
        }
        String domain = registry.domain();
        if (domain != null && !domain.isEmpty()) {
            config.put("domain", domain);
        }
        // strict API checks (unknown fields refused), nats-server's default since 2.11
        config.put("strict", true);
        long messages = 0;
        long bytes = 0;
        List<Stream> all = registry.streams();
        for (Stream s : all) {
            messages += s.state().msgs();
            bytes += s.state().bytes();
        }
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("total", stats.total());
        api.put("errors", stats.errors());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config);
        m.put("memory", usage.memoryUsed());
        m.put("storage", usage.storeUsed());
        m.put("streams", all.size());
        m.put("messages", messages);
        m.put("bytes", bytes);
        m.put("api", api);
        Map<String, String> offline = registry.offlineStreams();
        if (!offline.isEmpty()) {
            m.put("offline_streams", offline);
        }
        return m;
    }
}
