package io.natsspring.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code allow_responses} of a user's permissions: after receiving a message with a reply subject, the user may
 * publish up to {@code maxMsgs} responses to it within {@code expires} even without publish permission for it.
 * A negative value of either means unlimited, as in {@code nats-server}. With {@code allow_responses} and no
 * publish allow list, the user may publish nothing else.
 */
public record AllowResponses(int maxMsgs, Duration expires) {

    /** {@code allow_responses: true}: one response within two minutes (nats-server's defaults). */
    public static final AllowResponses DEFAULT = new AllowResponses(1, Duration.ofMinutes(2));

    /** @throws IllegalArgumentException for a zero {@code maxMsgs} or {@code expires} */
    public AllowResponses {
        Objects.requireNonNull(expires, "expires");
        if (maxMsgs == 0 || expires.isZero()) {
            throw new IllegalArgumentException("allow_responses max and expires must not be 0");
        }
    }
}
