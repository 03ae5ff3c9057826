package io.natsspring.broker.internal.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Time stamps as {@code nats-server} writes them in JSON: Go's RFC 3339 with nanoseconds in UTC
 * ({@code time.RFC3339Nano}: fraction with trailing zeros dropped, none when zero, {@code Z}), and Go's zero
 * time for "never". Times are nanoseconds since the epoch in a {@code long}.
 */
public final class GoTime {

    /** What Go prints for its zero {@code time.Time}. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private GoTime() {}

    /** Formats nanoseconds since the epoch; {@code 0} gives {@link #ZERO}. */
    public static String format(long epochNanos) {
        if (epochNanos == 0) {
            return ZERO;
        }
        return format(Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND)));
    }

    /** Formats an instant (without the zero-time rule). */
    public static String format(Instant instant) {
        return RFC3339_NANO.format(instant);
    }

    /**
     * Parses an RFC 3339 time stamp with any offset to nanoseconds since the epoch; null, empty and the zero
     * time give {@code 0}.
     *
     * @throws IllegalArgumentException when the text is not RFC 3339 or out of range
     */
    public static long parse(String text) {
        if (text == null || text.isEmpty() || ZERO.equals(text)) {
            return 0;
        }
        try {
            return epochNanos(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: \"" + text + "\"", e);
        }
    }

    /** The current wall clock time in nanoseconds since the epoch. */
    public static long nowNanos() {
        return epochNanos(Instant.now());
    }

    private static long epochNanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), NANOS_PER_SECOND), i.getNano());
    }
}
