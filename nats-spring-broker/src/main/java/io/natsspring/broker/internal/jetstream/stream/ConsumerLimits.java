package io.natsspring.broker.internal.jetstream.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.GoType;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A stream's {@code consumer_limits}: defaults and ceilings for its consumers, {@code 0} when unset.
 *
 * @param inactiveThresholdNanos {@code inactive_threshold}
 * @param maxAckPending          {@code max_ack_pending}
 */
@GoType("server.StreamConsumerLimits")
public record ConsumerLimits(
        @JsonProperty("inactive_threshold")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Duration.class)
        long inactiveThresholdNanos,

        @JsonProperty("max_ack_pending")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        @JsonDeserialize(using = GoScalars.Int.class)
        long maxAckPending) {

    /**
     * The most consumers a stream without {@code max_consumers} holds: {@code nats-server} 2.15's
     * {@code default_max_consumers} (shown under {@code /jsz}'s {@code limits}; the next create gets 10026).
     */
    public static final int DEFAULT_MAX_CONSUMERS = 1000;

    /** No limits. */
    public static final ConsumerLimits NONE = new ConsumerLimits(0, 0);
}
