package io.natsspring.broker.internal.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * A user's {@code allow_responses}: after receiving a message with a reply subject, the user may publish up to
 * {@code maxMsgs} messages to that reply subject within {@code expires}, even without publish permission for
 * it. A negative {@code maxMsgs} or {@code expires} means unlimited, as in {@code nats-server}.
 */
public record ResponsePermission(int maxMsgs, Duration expires) {

    /** nats-server's defaults for {@code allow_responses: true}: one response within two minutes. */
    public static final ResponsePermission DEFAULT = new ResponsePermission(1, Duration.ofMinutes(2));

    public ResponsePermission {
        Objects.requireNonNull(expires, "expires");
        if (maxMsgs == 0) {
            throw new IllegalArgumentException("maxMsgs must not be 0 (the default is 1, negative is unlimited)");
        }
        if (expires.isZero()) {
            throw new IllegalArgumentException("expires must not be 0 (the default is 2m, negative is unlimited)");
        }
    }
}
