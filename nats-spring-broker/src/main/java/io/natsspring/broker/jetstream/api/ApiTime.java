package io.natsspring.broker.jetstream.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Time stamps as {@code nats-server} writes them (Go's RFC 3339 with nanoseconds, UTC, trailing zeros of the
 * fraction dropped), and the Go zero time for "never".
 */
public final class ApiTime {

    /** What Go prints for its zero {@code time.Time}. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private ApiTime() {
    }

    /** Formats nanoseconds since the epoch; {@code 0} gives {@link #ZERO}. */
    public static String format(long epochNanos) {
        if (epochNanos == 0) {
            return ZERO;
        }
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(32);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        if (nanos != 0) {
            StringBuilder f = new StringBuilder(9);
            pad(f, nanos, 9);
            int end = 9;
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(f, 0, end);
        }
        return b.append('Z').toString();
    }

    /** Parses an RFC 3339 time stamp to nanoseconds since the epoch; the zero time gives {@code 0}. */
    public static long parse(String text) {
        if (text == null || text.isEmpty() || ZERO.equals(text)) {
            return 0;
        }
        try {
            Instant i = OffsetDateTime.parse(text).toInstant();
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw JsApiError.INVALID_JSON.exception("parsing time " + text);
        }
    }

    /** The current wall clock time in nanoseconds since the epoch. */
    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(s);
    }
}
