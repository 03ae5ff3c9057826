package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.stream.RetentionPolicy;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.routing.SubjectOverlaps;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.time.GoDuration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules {@code nats-server} applies to a consumer configuration: defaults, validity checks (in the server's
 * order, with its errors) and what an update may change.
 */
final class ConsumerConfigRules {

    /** Default {@code ack_wait} for acknowledging consumers: 30 s. */
    public static final long DEFAULT_ACK_WAIT_NANOS = 30_000_000_000L;
    /** Default {@code inactive_threshold} of ephemeral consumers: 5 s. */
    public static final long DEFAULT_INACTIVE_THRESHOLD_NANOS = 5_000_000_000L;
    /** Default {@code max_ack_pending} for acknowledging consumers. */
    public static final long DEFAULT_MAX_ACK_PENDING = 1000;
    /** Default {@code max_waiting} of pull consumers. */
    public static final long DEFAULT_MAX_WAITING = 512;
    /** Longest consumer name. */
    public static final int MAX_NAME_LENGTH = 255;

    private static final int MAX_DESCRIPTION_LENGTH = 4 * 1024;
    private static final int MAX_METADATA_LENGTH = 128 * 1024;
    private static final long MIN_HEARTBEAT_NANOS = 100_000_000L;
    /** How long a pin lasts without a request from its client when {@code priority_timeout} is not set. */
    public static final long DEFAULT_PINNED_TTL_NANOS = 120_000_000_000L;

    private ConsumerConfigRules() {}

    /** Fills in what the server defaults. */
    public static ConsumerConfig applyDefaults(ConsumerConfig c, StreamConfig stream) {
        long maxWaiting = !c.isPush() && c.maxWaiting() == 0 ? DEFAULT_MAX_WAITING : c.maxWaiting();
        long ackWait = c.ackWaitNanos();
        boolean acks = c.ackPolicy() != AckPolicy.NONE;
        boolean flowAcks = c.ackPolicy() == AckPolicy.FLOW_CONTROL;
        if (ackWait == 0 && acks && !flowAcks) {
            ackWait = DEFAULT_ACK_WAIT_NANOS;
        }
        long maxDeliver = c.maxDeliver() == 0 ? -1 : c.maxDeliver();
        if (!c.backoffNanos().isEmpty()) {
            ackWait = c.backoffNanos().get(0);
        }
        long maxAckPending = c.maxAckPending();
        if (maxAckPending == 0) {
            maxAckPending = stream.consumerLimits().maxAckPending();
        }
        long inactive = c.inactiveThresholdNanos();
        if (inactive == 0) {
            inactive = stream.consumerLimits().inactiveThresholdNanos();
        }
        if (inactive <= 0 && !c.isDurable()) {
            inactive = DEFAULT_INACTIVE_THRESHOLD_NANOS;
        }
        if (acks && maxAckPending == 0) {
            maxAckPending = DEFAULT_MAX_ACK_PENDING;
        }
        ConsumerConfig out = c.withDefaults(ackWait, maxDeliver, maxAckPending, maxWaiting, inactive);
        if (flowAcks) {
            // as nats-server without pedantic: flow control and the 1 s heartbeat are forced on
            out = FlowControlAcks.withFlowDefaults(out);
        }
        if (out.priorityTimeoutNanos() < 0) {
            out = out.withPriorityTimeout(0);
        }
        if (out.policy() == PriorityPolicy.PINNED_CLIENT && out.priorityTimeoutNanos() == 0) {
            out = out.withPriorityTimeout(DEFAULT_PINNED_TTL_NANOS);
        }
        return out;
    }

    /** Checks a defaulted configuration against its stream; throws the server's error for the first problem. */
    public static void check(ConsumerConfig c, StreamConfig stream) {
        if (c.replicas() > 0 && c.replicas() > Math.max(1, stream.replicas())) {
            throw JsApiError.CONSUMER_REPLICAS_EXCEEDS_STREAM.exception();
        }
        if (c.replicas() < 0) {
            throw JsApiError.REPLICAS_COUNT_CANNOT_BE_NEGATIVE.exception();
        }
        FlowControlAcks.check(c);
        if (!c.backoffNanos().isEmpty()
                && c.maxDeliver() != -1
                && c.backoffNanos().size() > c.maxDeliver()) {
            throw JsApiError.CONSUMER_MAX_DELIVER_BACKOFF.exception();
        }
        if (c.description() != null && c.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw JsApiError.CONSUMER_DESCRIPTION_TOO_LONG.exception(MAX_DESCRIPTION_LENGTH);
        }
        if (c.isPush()) {
            checkPush(c, stream);
        } else {
            checkPull(c, stream);
        }
        long streamMaxAckPending = stream.consumerLimits().maxAckPending();
        if (streamMaxAckPending > 0 && c.maxAckPending() > streamMaxAckPending) {
            throw JsApiError.CONSUMER_MAX_PENDING_ACK_EXCESS.exception(streamMaxAckPending);
        }
        long streamInactive = stream.consumerLimits().inactiveThresholdNanos();
        if (streamInactive > 0 && c.inactiveThresholdNanos() > streamInactive) {
            throw JsApiError.CONSUMER_INACTIVE_THRESHOLD_EXCESS.exception(GoDuration.format(streamInactive));
        }
        if (c.direct()) {
            if (!c.isPush()) {
                throw JsApiError.CONSUMER_DIRECT_REQUIRES_PUSH.exception();
            }
            if (c.isDurable()) {
                throw JsApiError.CONSUMER_DIRECT_REQUIRES_EPHEMERAL.exception();
            }
        }
        checkFilters(c);
        checkStart(c);
        if (c.sampleFrequency() != null) {
            String s = c.sampleFrequency().endsWith("%")
                    ? c.sampleFrequency().substring(0, c.sampleFrequency().length() - 1)
                    : c.sampleFrequency();
            try {
                if (Integer.parseInt(s) < 0) {
                    throw JsApiError.CONSUMER_INVALID_SAMPLING.exception("<nil>");
                }
            } catch (NumberFormatException e) {
                throw JsApiError.CONSUMER_INVALID_SAMPLING.exception(
                        "strconv.Atoi: parsing \"" + s + "\": invalid syntax");
            }
        }
        if (c.flowControl() && c.idleHeartbeatNanos() == 0) {
            throw JsApiError.CONSUMER_FLOW_CONTROL_NEEDS_HEARTBEATS.exception();
        }
        if (c.durable() != null && c.name() != null && !c.name().equals(c.durable())) {
            throw JsApiError.CONSUMER_CREATE_DURABLE_AND_NAME_MISMATCH.exception();
        }
        if (c.metadata() != null) {
            int len = 0;
            for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                len += e.getKey().length() + e.getValue().length();
            }
            if (len > MAX_METADATA_LENGTH) {
                throw JsApiError.CONSUMER_METADATA_LENGTH.exception((MAX_METADATA_LENGTH / 1024) + "KB");
            }
        }
        checkPriority(c);
    }

    /** ADR-42: a policy needs pull mode and valid groups; groups and a pin timeout need a policy. */
    private static void checkPriority(ConsumerConfig c) {
        if (c.policy() != PriorityPolicy.NONE) {
            if (c.isPush()) {
                throw JsApiError.CONSUMER_PUSH_WITH_PRIORITY_GROUP.exception();
            }
            if (c.priorityGroups().isEmpty()) {
                throw JsApiError.CONSUMER_PRIORITY_POLICY_WITHOUT_GROUP.exception();
            }
            for (String g : c.priorityGroups()) {
                if (g == null || g.isEmpty()) {
                    throw JsApiError.CONSUMER_EMPTY_GROUP_NAME.exception();
                }
                if (!PriorityPolicy.isValidGroupName(g)) {
                    throw JsApiError.CONSUMER_INVALID_GROUP_NAME.exception();
                }
            }
        } else {
            if (!c.priorityGroups().isEmpty()) {
                throw JsApiError.CONSUMER_PRIORITY_GROUP_WITH_POLICY_NONE.exception();
            }
            if (c.priorityTimeoutNanos() > 0) {
                throw JsApiError.CONSUMER_PINNED_TTL_WITHOUT_PRIORITY_POLICY_NONE.exception();
            }
        }
    }

    private static void checkPush(ConsumerConfig c, StreamConfig stream) {
        String d = c.deliverSubject();
        if (Subjects.hasWildcard(d)) {
            throw JsApiError.CONSUMER_DELIVER_TO_WILDCARDS.exception();
        }
        if (!Subjects.isValidPublishSubject(d)) {
            throw JsApiError.CONSUMER_INVALID_DELIVER_SUBJECT.exception();
        }
        for (String s : stream.subjects()) {
            if (Subjects.matches(s, d)) {
                throw JsApiError.CONSUMER_DELIVER_CYCLE.exception();
            }
        }
        if (c.maxWaiting() != 0) {
            throw JsApiError.CONSUMER_PUSH_MAX_WAITING.exception();
        }
        if (c.maxAckPending() > 0 && c.ackPolicy() == AckPolicy.NONE) {
            throw JsApiError.CONSUMER_MAX_PENDING_ACK_POLICY_REQUIRED.exception();
        }
        if (c.idleHeartbeatNanos() > 0 && c.idleHeartbeatNanos() < MIN_HEARTBEAT_NANOS) {
            throw JsApiError.CONSUMER_SMALL_HEARTBEAT.exception();
        }
    }

    private static void checkPull(ConsumerConfig c, StreamConfig stream) {
        if (c.ackPolicy() == AckPolicy.NONE && stream.retention() == RetentionPolicy.WORK_QUEUE) {
            throw JsApiError.CONSUMER_PULL_REQUIRES_ACK.exception();
        }
        if (c.rateLimitBps() > 0) {
            throw JsApiError.CONSUMER_PULL_WITH_RATE_LIMIT.exception();
        }
        if (c.maxWaiting() < 0) {
            throw JsApiError.CONSUMER_MAX_WAITING_NEGATIVE.exception();
        }
        if (c.idleHeartbeatNanos() > 0) {
            throw JsApiError.CONSUMER_HB_REQUIRES_PUSH.exception();
        }
        if (c.flowControl()) {
            throw JsApiError.CONSUMER_FC_REQUIRES_PUSH.exception();
        }
        if (c.maxBatch() < 0) {
            throw JsApiError.CONSUMER_MAX_REQUEST_BATCH_NEGATIVE.exception();
        }
        if (c.maxExpiresNanos() != 0 && c.maxExpiresNanos() < 1_000_000L) {
            throw JsApiError.CONSUMER_MAX_REQUEST_EXPIRES_TOO_SMALL.exception();
        }
    }

    private static void checkFilters(ConsumerConfig c) {
        if (c.filterSubject() != null && !c.filterSubjects().isEmpty()) {
            throw JsApiError.CONSUMER_DUPLICATE_FILTER_SUBJECTS.exception();
        }
        if (c.filterSubject() != null && !Subjects.isValidSubscribeSubject(c.filterSubject())) {
            throw JsApiError.STREAM_INVALID_CONFIG.exception("invalid subject");
        }
        for (String f : c.filterSubjects()) {
            if (f.isEmpty()) {
                throw JsApiError.CONSUMER_EMPTY_FILTER.exception();
            }
        }
        List<String> filters = c.filters();
        if (validAndDisjoint(filters)) {
            return;
        }
        // Something is wrong: the pairwise loop finds the first error in nats-server's order.
        for (int i = 0; i < filters.size(); i++) {
            if (!Subjects.isValidSubscribeSubject(filters.get(i))) {
                throw JsApiError.STREAM_INVALID_CONFIG.exception("invalid subject");
            }
            for (int j = 0; j < filters.size(); j++) {
                if (i != j && Subjects.overlaps(filters.get(i), filters.get(j))) {
                    throw JsApiError.CONSUMER_OVERLAPPING_SUBJECT_FILTERS.exception();
                }
            }
        }
    }

    /** True when every filter is a valid subject and no two entries (equal ones included) overlap. */
    private static boolean validAndDisjoint(List<String> filters) {
        Set<String> seen = new HashSet<>();
        for (String f : filters) {
            if (!Subjects.isValidSubscribeSubject(f) || !seen.add(f)) {
                return false;
            }
        }
        return !SubjectOverlaps.anyOverlapWithin(filters);
    }

    private static void checkStart(ConsumerConfig c) {
        String dp = switch (c.deliverPolicy()) {
            case ALL -> "all";
            case LAST -> "last";
            case LAST_PER_SUBJECT -> "last per subject";
            case NEW -> "new";
            case BY_START_SEQUENCE -> "by start sequence";
            case BY_START_TIME -> "by start time";
        };
        switch (c.deliverPolicy()) {
            case ALL, LAST, NEW, LAST_PER_SUBJECT -> {
                if (c.optStartSeq() > 0) {
                    throw badStart(dp, "sequence");
                }
                if (c.optStartTimeNanos() != 0) {
                    throw badStart(dp, "time");
                }
                if (c.deliverPolicy() == DeliverPolicy.LAST_PER_SUBJECT
                        && c.filters().isEmpty()) {
                    throw notSet(dp, "filter subject");
                }
            }
            case BY_START_SEQUENCE -> {
                if (c.optStartSeq() == 0) {
                    throw notSet(dp, "start sequence");
                }
                if (c.optStartTimeNanos() != 0) {
                    throw badStart(dp, "time");
                }
            }
            case BY_START_TIME -> {
                if (c.optStartTimeNanos() == 0) {
                    throw notSet(dp, "start time");
                }
                if (c.optStartSeq() != 0) {
                    throw badStart(dp, "start sequence");
                }
            }
        }
    }

    private static RuntimeException badStart(String dp, String start) {
        return JsApiError.CONSUMER_INVALID_POLICY.exception(
                "consumer delivery policy is deliver " + dp + ", but optional start " + start + " is also set");
    }

    private static RuntimeException notSet(String dp, String what) {
        return JsApiError.CONSUMER_INVALID_POLICY.exception(
                "consumer delivery policy is deliver " + dp + ", but optional " + what + " is not set");
    }

    /** Work-queue streams: explicit acks, deliver all, and no two consumers taking the same subjects. */
    static void checkWorkQueue(ConsumerConfig c, boolean first, boolean unique) {
        if (c.ackPolicy() != AckPolicy.EXPLICIT && c.ackPolicy() != AckPolicy.FLOW_CONTROL) {
            throw JsApiError.CONSUMER_WQ_REQUIRES_EXPLICIT_ACK.exception();
        }
        if (!first) {
            if (c.filters().isEmpty()) {
                throw JsApiError.CONSUMER_WQ_MULTIPLE_UNFILTERED.exception();
            }
            if (!unique) {
                throw JsApiError.CONSUMER_WQ_CONSUMER_NOT_UNIQUE.exception();
            }
        }
        if (c.deliverPolicy() != DeliverPolicy.ALL) {
            throw JsApiError.CONSUMER_WQ_CONSUMER_NOT_DELIVER_ALL.exception();
        }
    }

    /** True when no other consumer ({@code others}: name to filters) takes a subject {@code filters} take. */
    static boolean partitionUnique(String name, List<String> filters, Map<String, List<String>> others) {
        for (Map.Entry<String, List<String>> e : others.entrySet()) {
            if (e.getKey().equals(name)) {
                continue;
            }
            List<String> theirs = e.getValue();
            if (theirs.isEmpty() || filters.isEmpty()) {
                return false;
            }
            if (SubjectOverlaps.anyOverlap(filters, theirs)) {
                return false;
            }
        }
        return true;
    }

    /** A random 8-character name for a consumer created without one. */
    static String generatedName() {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) {
            c[i] = chars.charAt(java.util.concurrent.ThreadLocalRandom.current().nextInt(chars.length()));
        }
        return new String(c);
    }

    /** True for a valid consumer or durable name (no {@code . * >} and no white space). */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '.'
                    || ch == '*'
                    || ch == '>'
                    || ch == ' '
                    || ch == '\t'
                    || ch == '\r'
                    || ch == '\n'
                    || ch == '\f') {
                return false;
            }
        }
        return true;
    }

    /**
     * What may change on update, as the server checks it; returns the error text (reported as
     * {@code consumer_create} error 10012) or {@code null} when the update is allowed.
     *
     * @param oldDeliverBound whether the old deliver subject still has a subscriber
     */
    public static String checkUpdate(ConsumerConfig old, ConsumerConfig next, boolean oldDeliverBound) {
        if (old.equals(next)) {
            return null;
        }
        if (old.deliverPolicy() != next.deliverPolicy()) {
            return "deliver policy can not be updated";
        }
        if (old.direct() != next.direct()) {
            return "direct can not be updated";
        }
        if (old.sourcing() != next.sourcing()) {
            return "sourcing can not be updated";
        }
        if (old.optStartSeq() != next.optStartSeq()) {
            return "start sequence can not be updated";
        }
        if (old.optStartTimeNanos() != next.optStartTimeNanos()) {
            return "start time can not be updated";
        }
        if (old.ackPolicy() != next.ackPolicy()) {
            return "ack policy can not be updated";
        }
        if (old.replayPolicy() != next.replayPolicy()) {
            return "replay policy can not be updated";
        }
        if (old.idleHeartbeatNanos() != next.idleHeartbeatNanos()) {
            return "heart beats can not be updated";
        }
        if (old.flowControl() != next.flowControl()) {
            return "flow control can not be updated";
        }
        if (!Objects.equals(old.deliverSubject(), next.deliverSubject())) {
            if (!old.isPush()) {
                return "can not update pull consumer to push based";
            }
            if (!next.isPush()) {
                return "can not update push consumer to pull based";
            }
            if (oldDeliverBound) {
                throw JsApiError.CONSUMER_NAME_EXIST.exception();
            }
        }
        if (old.maxWaiting() != next.maxWaiting()) {
            return "max waiting can not be updated";
        }
        if (!next.backoffNanos().isEmpty()
                && next.maxDeliver() != -1
                && next.backoffNanos().size() > next.maxDeliver()) {
            throw JsApiError.CONSUMER_MAX_DELIVER_BACKOFF.exception();
        }
        return null;
    }
}
