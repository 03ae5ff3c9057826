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

    /** No limits. */
    public static final ConsumerLimits NONE = new ConsumerLimits(0, 0);
}
