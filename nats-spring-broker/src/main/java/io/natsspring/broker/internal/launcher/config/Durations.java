package io.natsspring.broker.internal.launcher.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as Go does: a sequence of decimal numbers each with a unit, {@code ns},
 * {@code us} ({@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}; e.g. {@code 500ms}, {@code 2m},
 * {@code 1h30m}, {@code 1.5s}. A lone {@code 0} is zero.
 */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /** The duration, or an {@link IllegalArgumentException} saying what is wrong with {@code text}. */
    static Duration parse(String text) {
        String s = text.trim();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (end < s.length()) {
            if (!m.find(end) || m.start() != end) {
                throw invalid(text);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            end = m.end();
        }
        try {
            Duration d = Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
            return negative ? d.negated() : d;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the duration \"" + text + "\" is out of range");
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration (examples: 500ms, 10s, 2m, 1h30m)");
    }
}
