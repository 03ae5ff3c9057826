package io.natsspring.broker.internal.jetstream.base;

import io.natsspring.broker.internal.time.GoTime;

/**
 * Time stamps in JetStream API JSON: {@link GoTime}'s format, with a malformed time in a request reported as the
 * API's invalid-JSON error.
 */
public final class ApiTime {

    /** What Go prints for its zero {@code time.Time}. */
    public static final String ZERO = GoTime.ZERO;

    private ApiTime() {}

    /** Formats nanoseconds since the epoch; {@code 0} gives {@link #ZERO}. */
    public static String format(long epochNanos) {
        return GoTime.format(epochNanos);
    }

    /** Parses an RFC 3339 time stamp to nanoseconds since the epoch; the zero time gives {@code 0}. */
    public static long parse(String text) {
        try {
            return GoTime.parse(text);
        } catch (IllegalArgumentException e) {
            throw JsApiError.INVALID_JSON.exception();
        }
    }

    /** The current wall clock time in nanoseconds since the epoch. */
    public static long nowNanos() {
        return GoTime.nowNanos();
    }
}
