package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerConfig;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerSnapshot;
import java.util.List;
import tools.jackson.databind.annotation.JsonSerialize;

/** A consumer's info in {@code nats-server}'s JSON shape ({@code ConsumerInfo}). */
final class ConsumerInfoJson {

    private ConsumerInfoJson() {}

    /** {@code ConsumerInfo}. */
    public record Info(
            @JsonProperty("stream_name") String streamName,
            @JsonProperty("name") String name,

            @JsonProperty("created") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long created,

            @JsonProperty("config") ConsumerConfig config,

            @JsonProperty("delivered") SequenceInfo delivered,
            @JsonProperty("ack_floor") SequenceInfo ackFloor,
            @JsonProperty("num_ack_pending") long numAckPending,
            @JsonProperty("num_redelivered") long numRedelivered,
            @JsonProperty("num_waiting") long numWaiting,
            @JsonProperty("num_pending") long numPending,

            @JsonProperty("cluster") @JsonInclude(Include.NON_NULL)
            StreamInfoJson.Cluster cluster,

            @JsonProperty("push_bound") @JsonInclude(Include.NON_DEFAULT)
            boolean pushBound,

            @JsonProperty("paused") @JsonInclude(Include.NON_DEFAULT)
            boolean paused,

            @JsonProperty("pause_remaining") @JsonInclude(Include.NON_DEFAULT)
            long pauseRemainingNanos,

            @JsonProperty("ts") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long ts,

            @JsonProperty("priority_groups") @JsonInclude(Include.NON_EMPTY)
            List<PriorityGroupState> priorityGroups) {}

    /** {@code PriorityGroupState}: the (first) group and who is pinned there since when. */
    public record PriorityGroupState(
            @JsonProperty("group") String group,

            @JsonProperty("pinned_client_id") @JsonInclude(Include.NON_NULL)
            String pinnedClientId,

            @JsonProperty("pinned_ts") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long pinnedTs) {}

    /** {@code SequenceInfo}: consumer and stream sequence, and when that was. */
    public record SequenceInfo(
            @JsonProperty("consumer_seq") long consumerSeq,
            @JsonProperty("stream_seq") long streamSeq,

            @JsonProperty("last_active")
            @JsonInclude(Include.NON_DEFAULT)
            @JsonSerialize(using = GoScalars.TimeWriter.class)
            long lastActive) {}

    /**
     * @param leader server name reported as cluster leader, {@code null} to leave {@code cluster} out
     */
    public static Info of(String stream, ConsumerSnapshot s, String leader) {
        long now = ApiTime.nowNanos();
        boolean paused = s.config().pausedAt(now);
        return new Info(
                stream,
                s.name(),
                s.createdNanos(),
                s.config(),
                new SequenceInfo(s.deliveredConsumerSeq(), s.deliveredStreamSeq(), s.lastDeliveredNanos()),
                new SequenceInfo(s.ackFloorConsumerSeq(), s.ackFloorStreamSeq(), s.lastAckNanos()),
                s.numAckPending(),
                s.numRedelivered(),
                s.numWaiting(),
                s.numPending(),
                leader == null ? null : new StreamInfoJson.Cluster(leader),
                s.pushBound(),
                paused,
                paused ? s.config().pauseUntilNanos() - now : 0,
                now,
                priorityGroups(s));
    }

    /** Like nats-server 2.15: one entry, for the first configured group, carrying the consumer's single pin. */
    private static List<PriorityGroupState> priorityGroups(ConsumerSnapshot s) {
        List<String> groups = s.config().priorityGroups();
        if (groups.isEmpty()) {
            return List.of();
        }
        return List.of(new PriorityGroupState(groups.get(0), s.pinnedId(), s.pinnedWallNanos()));
    }
}
