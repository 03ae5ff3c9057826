package io.natsspring.annotation.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses annotation durations: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601, or millis. */
final class DurationParser {

    private static final Pattern SIMPLE = Pattern.compile("^(\\d+)\\s*(ms|s|m|h|d)?$");

    private DurationParser() {}

    static Duration parse(String text) {
        String value = text.trim();
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        Matcher matcher = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "Not a duration: '" + text + "' (use 500ms, 30s, 5m, 1h, 1d or ISO-8601)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofMillis(amount);
        };
    }
}
