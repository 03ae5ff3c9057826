package io.natsspring.broker.internal.jetstream.consumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.GoType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A consumer's configuration as the API carries it ({@code ConsumerConfig} of {@code nats-server}), bound to JSON
 * by Jackson with the server's field names, omissions, order and strictness. Durations are nanoseconds; {@code 0}
 * means "not set" wherever the server omits the field. Immutable value: equal configs compare equal.
 *
 * @param optStartTimeNanos {@code opt_start_time} in nanoseconds since the epoch, {@code 0} when unset
 * @param filterSubjects    {@code filter_subjects} (ADR-34), empty when unset
 * @param sampleFrequency   {@code sample_freq}: the percentage of acks sampled on {@code $JS.EVENT.METRIC.CONSUMER.ACK}
 * @param metadata          user metadata, {@code null} or non-empty
 * @param pauseUntilNanos   {@code pause_until} in nanoseconds since the epoch, {@code 0} when not paused
 * @param priorityGroups    {@code priority_groups} (ADR-42), empty when unset
 * @param priorityPolicy    {@code priority_policy}, {@code null} for {@code none} (see {@link #policy()})
 * @param priorityTimeoutNanos {@code priority_timeout}: how long a pin lasts without a request from its client
 */
@GoType("server.ConsumerConfig")
@JsonPropertyOrder({
    "durable_name",
    "name",
    "description",
    "deliver_policy",
    "opt_start_seq",
    "opt_start_time",
    "ack_policy",
    "ack_wait",
    "max_deliver",
    "backoff",
    "filter_subject",
    "filter_subjects",
    "replay_policy",
    "rate_limit_bps",
    "sample_freq",
    "max_waiting",
    "max_ack_pending",
    "flow_control",
    "headers_only",
    "max_batch",
    "max_expires",
    "max_bytes",
    "deliver_subject",
    "deliver_group",
    "idle_heartbeat",
    "inactive_threshold",
    "num_replicas",
    "mem_storage",
    "direct",
    "sourcing",
    "metadata",
    "pause_until",
    "priority_groups",
    "priority_policy",
    "priority_timeout"
})
public record ConsumerConfig(
        @JsonProperty("durable_name") @JsonInclude(Include.NON_NULL)
        String durable,

        @JsonProperty("name") @JsonInclude(Include.NON_NULL) String name,

        @JsonProperty("description") @JsonInclude(Include.NON_NULL)
        String description,

        @JsonProperty("deliver_policy") DeliverPolicy deliverPolicy,

        @JsonProperty("opt_start_seq")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Uint64.class)
        long optStartSeq,

        @JsonProperty("opt_start_time")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Time.class)
        @JsonSerialize(using = GoScalars.TimeWriter.class)
        long optStartTimeNanos,

        @JsonProperty("ack_policy") AckPolicy ackPolicy,

        @JsonProperty("ack_wait") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Duration.class)
        long ackWaitNanos,

        @JsonProperty("max_deliver") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Int.class)
        long maxDeliver,

        @JsonProperty("backoff")
        @JsonInclude(Include.NON_EMPTY)
        @JsonDeserialize(contentUsing = GoScalars.Duration.class)
        List<Long> backoffNanos,

        @JsonProperty("filter_subject") @JsonInclude(Include.NON_NULL)
        String filterSubject,

        @JsonProperty("filter_subjects") @JsonInclude(Include.NON_EMPTY)
        List<String> filterSubjects,

        @JsonProperty("replay_policy") ReplayPolicy replayPolicy,

        @JsonProperty("rate_limit_bps")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Uint64.class)
        long rateLimitBps,

        @JsonProperty("sample_freq") @JsonInclude(Include.NON_NULL)
        String sampleFrequency,

        @JsonProperty("max_waiting") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Int.class)
        long maxWaiting,

        @JsonProperty("max_ack_pending") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Int.class)
        long maxAckPending,

        @JsonProperty("idle_heartbeat")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Duration.class)
        long idleHeartbeatNanos,

        @JsonProperty("flow_control") @JsonInclude(Include.NON_DEFAULT)
        boolean flowControl,

        @JsonProperty("headers_only") @JsonInclude(Include.NON_DEFAULT)
        boolean headersOnly,

        @JsonProperty("max_batch") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Int.class)
        long maxBatch,

        @JsonProperty("max_expires")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Duration.class)
        long maxExpiresNanos,

        @JsonProperty("max_bytes") @JsonInclude(Include.NON_DEFAULT) @JsonDeserialize(using = GoScalars.Int.class)
        long maxBytes,

        @JsonProperty("deliver_subject") @JsonInclude(Include.NON_NULL)
        String deliverSubject,

        @JsonProperty("deliver_group") @JsonInclude(Include.NON_NULL)
        String deliverGroup,

        @JsonProperty("inactive_threshold")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Duration.class)
        long inactiveThresholdNanos,

        @JsonProperty("num_replicas") @JsonDeserialize(using = GoScalars.Int.class)
        long replicas,

        @JsonProperty("mem_storage") @JsonInclude(Include.NON_DEFAULT)
        boolean memStorage,

        @JsonProperty("direct") @JsonInclude(Include.NON_DEFAULT)
        boolean direct,

        @JsonProperty("sourcing") @JsonInclude(Include.NON_DEFAULT)
        boolean sourcing,

        @JsonProperty("metadata") @JsonInclude(Include.NON_EMPTY)
        Map<String, String> metadata,

        @JsonProperty("pause_until")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Time.class)
        @JsonSerialize(using = GoScalars.TimeWriter.class)
        long pauseUntilNanos,

        @JsonProperty("priority_groups") @JsonInclude(Include.NON_EMPTY)
        List<String> priorityGroups,

        @JsonProperty("priority_policy") @JsonInclude(Include.NON_NULL)
        PriorityPolicy priorityPolicy,

        @JsonProperty("priority_timeout")
        @JsonInclude(Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Duration.class)
        long priorityTimeoutNanos) {

    /** Normalizes what JSON leaves open: empty texts and collections are unset, policies take their defaults. */
    public ConsumerConfig {
        durable = emptyToNull(durable);
        name = emptyToNull(name);
        description = emptyToNull(description);
        deliverPolicy = deliverPolicy == null ? DeliverPolicy.ALL : deliverPolicy;
        ackPolicy = ackPolicy == null ? AckPolicy.NONE : ackPolicy;
        backoffNanos = backoffNanos == null ? List.of() : List.copyOf(backoffNanos);
        filterSubject = emptyToNull(filterSubject);
        filterSubjects = filterSubjects == null ? List.of() : List.copyOf(filterSubjects);
        replayPolicy = replayPolicy == null ? ReplayPolicy.INSTANT : replayPolicy;
        sampleFrequency = emptyToNull(sampleFrequency);
        deliverSubject = emptyToNull(deliverSubject);
        deliverGroup = emptyToNull(deliverGroup);
        metadata = metadata == null || metadata.isEmpty() ? null : Collections.unmodifiableMap(new TreeMap<>(metadata));
        priorityGroups =
                priorityGroups == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(priorityGroups));
        priorityPolicy = priorityPolicy == PriorityPolicy.NONE ? null : priorityPolicy;
    }

    /** The priority policy; {@link PriorityPolicy#NONE} when unset. */
    public PriorityPolicy policy() {
        return priorityPolicy == null ? PriorityPolicy.NONE : priorityPolicy;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** True for a durable consumer ({@code durable_name} set). */
    public boolean isDurable() {
        return durable != null && !durable.isEmpty();
    }

    /** True for a push consumer ({@code deliver_subject} set). */
    public boolean isPush() {
        return deliverSubject != null && !deliverSubject.isEmpty();
    }

    /** The subject filters, whichever field holds them; empty for "everything". */
    public List<String> filters() {
        if (filterSubject != null && !filterSubject.isEmpty()) {
            return List.of(filterSubject);
        }
        return filterSubjects;
    }

    /** A copy with another name. */
    public ConsumerConfig withName(String n) {
        return new ConsumerConfig(
                durable,
                n,
                description,
                deliverPolicy,
                optStartSeq,
                optStartTimeNanos,
                ackPolicy,
                ackWaitNanos,
                maxDeliver,
                backoffNanos,
                filterSubject,
                filterSubjects,
                replayPolicy,
                rateLimitBps,
                sampleFrequency,
                maxWaiting,
                maxAckPending,
                idleHeartbeatNanos,
                flowControl,
                headersOnly,
                maxBatch,
                maxExpiresNanos,
                maxBytes,
                deliverSubject,
                deliverGroup,
                inactiveThresholdNanos,
                replicas,
                memStorage,
                direct,
                sourcing,
                metadata,
                pauseUntilNanos,
                priorityGroups,
                priorityPolicy,
                priorityTimeoutNanos);
    }

    /** A copy whose name has a random suffix ({@code name-XXXXXXXX}), as a source's direct consumer gets it. */
    public ConsumerConfig withRandomSuffix() {
        return withName(name + "-" + ConsumerConfigRules.generatedName());
    }

    /** A copy with defaults filled in (see {@link ConsumerConfigRules#applyDefaults}). */
    ConsumerConfig withDefaults(
            long ackWait, long maxDeliverValue, long maxAckPendingValue, long maxWaitingValue, long inactiveThreshold) {
        return new ConsumerConfig(
                durable,
                name,
                description,
                deliverPolicy,
                optStartSeq,
                optStartTimeNanos,
                ackPolicy,
                ackWait,
                maxDeliverValue,
                backoffNanos,
                filterSubject,
                filterSubjects,
                replayPolicy,
                rateLimitBps,
                sampleFrequency,
                maxWaitingValue,
                maxAckPendingValue,
                idleHeartbeatNanos,
                flowControl,
                headersOnly,
                maxBatch,
                maxExpiresNanos,
                maxBytes,
                deliverSubject,
                deliverGroup,
                inactiveThreshold,
                replicas,
                memStorage,
                direct,
                sourcing,
                metadata,
                pauseUntilNanos,
                priorityGroups,
                priorityPolicy,
                priorityTimeoutNanos);
    }

    /** A copy delivering to another subject (a durable push consumer re-bound by a new subscriber). */
    public ConsumerConfig withDeliverSubject(String subject) {
        return new ConsumerConfig(
                durable,
                name,
                description,
                deliverPolicy,
                optStartSeq,
                optStartTimeNanos,
                ackPolicy,
                ackWaitNanos,
                maxDeliver,
                backoffNanos,
                filterSubject,
                filterSubjects,
                replayPolicy,
                rateLimitBps,
                sampleFrequency,
                maxWaiting,
                maxAckPending,
                idleHeartbeatNanos,
                flowControl,
                headersOnly,
                maxBatch,
                maxExpiresNanos,
                maxBytes,
                subject,
                deliverGroup,
                inactiveThresholdNanos,
                replicas,
                memStorage,
                direct,
                sourcing,
                metadata,
                pauseUntilNanos,
                priorityGroups,
                priorityPolicy,
                priorityTimeoutNanos);
    }

    /** True while {@code pause_until} lies ahead of {@code nowNanos} (epoch nanoseconds). */
    public boolean pausedAt(long nowNanos) {
        return pauseUntilNanos != 0 && nowNanos < pauseUntilNanos;
    }

    /** A copy paused until {@code nanos} (epoch nanoseconds; {@code 0} resumes). */
    public ConsumerConfig withPauseUntil(long nanos) {
        return new ConsumerConfig(
                durable,
                name,
                description,
                deliverPolicy,
                optStartSeq,
                optStartTimeNanos,
                ackPolicy,
                ackWaitNanos,
                maxDeliver,
                backoffNanos,
                filterSubject,
                filterSubjects,
                replayPolicy,
                rateLimitBps,
                sampleFrequency,
                maxWaiting,
                maxAckPending,
                idleHeartbeatNanos,
                flowControl,
                headersOnly,
                maxBatch,
                maxExpiresNanos,
                maxBytes,
                deliverSubject,
                deliverGroup,
                inactiveThresholdNanos,
                replicas,
                memStorage,
                direct,
                sourcing,
                metadata,
                nanos,
                priorityGroups,
                priorityPolicy,
                priorityTimeoutNanos);
    }

    /** A copy whose pin lasts {@code nanos} ({@code priority_timeout}). */
    ConsumerConfig withPriorityTimeout(long nanos) {
        return new ConsumerConfig(
                durable,
                name,
                description,
                deliverPolicy,
                optStartSeq,
                optStartTimeNanos,
                ackPolicy,
                ackWaitNanos,
                maxDeliver,
                backoffNanos,
                filterSubject,
                filterSubjects,
                replayPolicy,
                rateLimitBps,
                sampleFrequency,
                maxWaiting,
                maxAckPending,
                idleHeartbeatNanos,
                flowControl,
                headersOnly,
                maxBatch,
                maxExpiresNanos,
                maxBytes,
                deliverSubject,
                deliverGroup,
                inactiveThresholdNanos,
                replicas,
                memStorage,
                direct,
                sourcing,
                metadata,
                pauseUntilNanos,
                priorityGroups,
                priorityPolicy,
                nanos);
    }
}
