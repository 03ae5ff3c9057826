package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.account.AccountUsage;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.stream.StorageType;
import io.natsspring.broker.internal.jetstream.stream.Stream;

/**
 * {@code $JS.API.INFO}: usage, limits and API counters of the account. Limits are the broker's
 * {@code max_memory_store}/{@code max_file_store}, {@code -1} when unlimited.
 */
final class AccountApiHandler {

    private AccountApiHandler() {}

    public static void register(ApiDispatcher dispatcher, StreamRegistry js, ApiStats stats) {
        dispatcher.register("$JS.API.INFO", "account_info", r -> info(js, stats));
    }

    /** {@code JetStreamAccountStats}. */
    record AccountInfo(
            @JsonProperty("memory") long memory,
            @JsonProperty("storage") long storage,
            @JsonProperty("reserved_memory") long reservedMemory,
            @JsonProperty("reserved_storage") long reservedStorage,
            @JsonProperty("streams") int streams,
            @JsonProperty("consumers") int consumers,
            @JsonProperty("limits") Limits limits,

            @JsonProperty("domain")
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            String domain,

            @JsonProperty("api") Api api) {}

    /** {@code JetStreamAccountLimits}: only the storage limits are configurable here. */
    record Limits(
            @JsonProperty("max_memory") long maxMemory,
            @JsonProperty("max_storage") long maxStorage,
            @JsonProperty("max_streams") int maxStreams,
            @JsonProperty("max_consumers") int maxConsumers,
            @JsonProperty("max_ack_pending") int maxAckPending,
            @JsonProperty("memory_max_stream_bytes") long memoryMaxStreamBytes,
            @JsonProperty("storage_max_stream_bytes") long storageMaxStreamBytes,
            @JsonProperty("max_bytes_required") boolean maxBytesRequired) {}

    /** {@code JetStreamAPIStats}. */
    record Api(
            @JsonProperty("level") int level,
            @JsonProperty("total") long total,
            @JsonProperty("errors") long errors) {}

    static AccountInfo info(StreamRegistry js, ApiStats stats) {
        AccountUsage u = js.usage();
        int consumers = 0;
        for (Stream s : js.streams()) {
            consumers += s.consumerInterest().consumerCount();
        }
        return new AccountInfo(
                Math.max(0, u.memoryUsed()),
                Math.max(0, u.storeUsed()),
                js.reserved(StorageType.MEMORY, null),
                js.reserved(StorageType.FILE, null),
                js.streams().size(),
                consumers,
                new Limits(u.maxMemory(), u.maxStore(), u.maxStreams(), u.maxConsumers(), -1, -1, -1, false),
                js.domain(),
                new Api(ApiLevel.LEVEL, stats.total(), stats.errors()));
    }
}
