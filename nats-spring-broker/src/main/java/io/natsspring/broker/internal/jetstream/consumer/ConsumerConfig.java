package io.natsspring.broker.internal.jetstream.consumer;

import java.util.List;
import java.util.Map;

/**
 * A consumer's configuration as the API carries it ({@code ConsumerConfig} of {@code nats-server}). Durations are
 * nanoseconds; {@code 0} means "not set" wherever the server omits the field. Immutable value: equal configs
 * compare equal.
 *
 * @param optStartTimeNanos {@code opt_start_time} in nanoseconds since the epoch, {@code 0} when unset
 * @param filterSubjects    {@code filter_subjects} (ADR-34), empty when unset
 * @param sampleFrequency   {@code sample_freq}: validated and echoed; ack sampling metrics are not published
 * @param metadata          user metadata, {@code null} or non-empty
 */
public record ConsumerConfig(
        String durable,
        String name,
        String description,
        DeliverPolicy deliverPolicy,
        long optStartSeq,
        long optStartTimeNanos,
        AckPolicy ackPolicy,
        long ackWaitNanos,
        long maxDeliver,
        List<Long> backoffNanos,
        String filterSubject,
        List<String> filterSubjects,
        ReplayPolicy replayPolicy,
        long rateLimitBps,
        String sampleFrequency,
        long maxWaiting,
        long maxAckPending,
        long idleHeartbeatNanos,
        boolean flowControl,
        boolean headersOnly,
        long maxBatch,
        long maxExpiresNanos,
        long maxBytes,
        String deliverSubject,
        String deliverGroup,
        long inactiveThresholdNanos,
        long replicas,
        boolean memStorage,
        boolean direct,
        Map<String, String> metadata) {

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
        return new ConsumerConfig(durable, n, description, deliverPolicy, optStartSeq, optStartTimeNanos, ackPolicy,
                ackWaitNanos, maxDeliver, backoffNanos, filterSubject, filterSubjects, replayPolicy, rateLimitBps,
                sampleFrequency, maxWaiting, maxAckPending, idleHeartbeatNanos, flowControl, headersOnly, maxBatch,
                maxExpiresNanos, maxBytes, deliverSubject, deliverGroup, inactiveThresholdNanos, replicas, memStorage,
                direct, metadata);
    }

    /** A copy with defaults filled in (see {@link ConsumerConfigRules#applyDefaults}). */
    ConsumerConfig withDefaults(long ackWait, long maxDeliverValue, long maxAckPendingValue, long maxWaitingValue,
                                long inactiveThreshold) {
        return new ConsumerConfig(durable, name, description, deliverPolicy, optStartSeq, optStartTimeNanos, ackPolicy,
                ackWait, maxDeliverValue, backoffNanos, filterSubject, filterSubjects, replayPolicy, rateLimitBps,
                sampleFrequency, maxWaitingValue, maxAckPendingValue, idleHeartbeatNanos, flowControl, headersOnly,
                maxBatch, maxExpiresNanos, maxBytes, deliverSubject, deliverGroup, inactiveThreshold, replicas,
                memStorage, direct, metadata);
    }

    /** A copy delivering to another subject (a durable push consumer re-bound by a new subscriber). */
    public ConsumerConfig withDeliverSubject(String subject) {
        return new ConsumerConfig(durable, name, description, deliverPolicy, optStartSeq, optStartTimeNanos, ackPolicy,
                ackWaitNanos, maxDeliver, backoffNanos, filterSubject, filterSubjects, replayPolicy, rateLimitBps,
                sampleFrequency, maxWaiting, maxAckPending, idleHeartbeatNanos, flowControl, headersOnly, maxBatch,
                maxExpiresNanos, maxBytes, subject, deliverGroup, inactiveThresholdNanos, replicas, memStorage,
                direct, metadata);
    }
}
