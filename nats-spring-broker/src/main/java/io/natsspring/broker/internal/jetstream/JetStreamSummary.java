package io.natsspring.broker.internal.jetstream;

import io.natsspring.broker.internal.jetstream.account.AccountUsage;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.api.ApiStats;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders JetStream's figures for the {@code /jsz} and {@code /varz} monitoring endpoints. */
final class JetStreamSummary {

    private JetStreamSummary() {}

    static Map<String, Object> render(StreamRegistry registry, ApiStats stats, Path storeDir) {
        AccountUsage usage = registry.usage();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("max_memory", usage.maxMemory());
        config.put("max_storage", usage.maxStore());
        config.put("store_dir", storeDir.toString());
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
