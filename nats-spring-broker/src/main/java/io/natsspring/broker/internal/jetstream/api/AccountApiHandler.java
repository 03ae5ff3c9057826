package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;

import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.account.AccountUsage;
import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $JS.API.INFO}: usage, limits and API counters of the account. Limits are the broker's
 * {@code max_memory_store}/{@code max_file_store}, {@code -1} when unlimited.
 */
final class AccountApiHandler {

    private AccountApiHandler() {
    }

    public static void register(ApiDispatcher dispatcher, StreamRegistry js, ApiStats stats) {
        dispatcher.register("$JS.API.INFO", "account_info", r -> info(js, stats));
    }

    static ObjectNode info(StreamRegistry js, ApiStats stats) {
        AccountUsage u = js.usage();
        int consumers = 0;
        for (Stream s : js.streams()) {
            consumers += s.consumerInterest().consumerCount();
        }
        ObjectNode o = ApiJson.object();
        o.put("memory", Math.max(0, u.memoryUsed()));
        o.put("storage", Math.max(0, u.storeUsed()));
        o.put("reserved_memory", js.reserved(StorageType.MEMORY, null));
        o.put("reserved_storage", js.reserved(StorageType.FILE, null));
        o.put("streams", js.streams().size());
        o.put("consumers", consumers);
        ObjectNode limits = o.putObject("limits");
        limits.put("max_memory", u.maxMemory());
        limits.put("max_storage", u.maxStore());
        limits.put("max_streams", -1);
        limits.put("max_consumers", -1);
        limits.put("max_ack_pending", -1);
        limits.put("memory_max_stream_bytes", -1);
        limits.put("storage_max_stream_bytes", -1);
        limits.put("max_bytes_required", false);
        ObjectNode api = o.putObject("api");
        api.put("total", stats.total());
        api.put("errors", stats.errors());
        return o;
    }
}
