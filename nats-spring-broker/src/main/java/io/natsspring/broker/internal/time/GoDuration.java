package io.natsspring.broker.internal.time;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.Duration} text: {@link #parse} is {@code time.ParseDuration} (same grammar, same rounding of
 * fractions, same overflow limits, same error texts) and {@link #format} is {@code Duration.String()}.
 * Values are nanoseconds in a {@code long}, as in Go.
 */
public final class GoDuration {

    /** {@code 1 << 63} as an unsigned value: the magnitude of {@link Long#MIN_VALUE}. */
    private static final long TWO_POW_63 = Long.MIN_VALUE;

    private static final long TWO_POW_63_DIV_10 = Long.divideUnsigned(TWO_POW_63, 10);
    private static final long SECOND = 1_000_000_000L;
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // U+00B5 micro sign
            "\u03bcs", 1_000L, // U+03BC Greek small letter mu
            "ms", 1_000_000L,
            "s", SECOND,
            "m", 60 * SECOND,
            "h", 3_600 * SECOND);

    private GoDuration() {}

    /**
     * Parses {@code [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+} (or a lone {@code 0}) to nanoseconds, e.g. {@code 300ms},
     * {@code -1.5h}, {@code 2h45m}, {@code 1.005s}. Units: {@code ns}, {@code us} ({@code µs}, {@code μs}),
     * {@code ms}, {@code s}, {@code m}, {@code h}.
     *
     * @throws IllegalArgumentException with Go's message ({@code time: invalid duration "x"},
     *                                  {@code time: missing unit in duration "1"},
     *                                  {@code time: unknown unit "d" in duration "1d"})
     */
    public static long parse(String text) {
        String s = text;
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (n - i == 1 && s.charAt(i) == '0') {
            return 0;
        }
        if (i == n) {
            throw invalid(text);
        }
        long total = 0; // unsigned, at most 1 << 63
        while (i < n) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(text);
            }
            // leading integer: an error on overflow
            int start = i;
            long v = 0;
            for (; i < n && isDigit(s.charAt(i)); i++) {
                if (Long.compareUnsigned(v, TWO_POW_63_DIV_10) > 0) {
                    throw invalid(text);
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
                    throw invalid(text);
                }
            }
            boolean pre = i != start;
            // fraction: digits beyond what fits are ignored
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean overflow = false;
                for (; i < n && isDigit(s.charAt(i)); i++) {
                    if (overflow) {
                        continue;
                    }
                    if (f > Long.MAX_VALUE / 10) {
                        overflow = true;
                        continue;
                    }
                    long y = f * 10 + (s.charAt(i) - '0');
                    if (Long.compareUnsigned(y, TWO_POW_63) > 0) {
                        overflow = true;
                        continue;
                    }
                    f = y;
                    scale *= 10;
                }
                post = i != fractionStart;
            }
            if (!pre && !post) {
                throw invalid(text);
            }
            int unitStart = i;
            for (; i < n; i++) {
                char u = s.charAt(i);
                if (u == '.' || isDigit(u)) {
                    break;
                }
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String unitText = s.substring(unitStart, i);
            Long unit = UNITS.get(unitText);
            if (unit == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + quote(unitText) + " in duration " + quote(text));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_POW_63, unit)) > 0) {
                throw invalid(text);
            }
            v *= unit;
            if (f > 0) {
                // as Go: float64 keeps fractions of hours nanosecond-accurate; f / scale < 1, so this is < unit
                v += (long) ((double) f * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
                    throw invalid(text);
                }
            }
            total += v;
            if (Long.compareUnsigned(total, TWO_POW_63) > 0) {
                throw invalid(text);
            }
        }
        if (negative) {
            return -total;
        }
        if (total == TWO_POW_63) {
            throw invalid(text);
        }
        return total;
    }

    /** {@link #parse} as a {@link Duration}. */
    public static Duration parseDuration(String text) {
        return Duration.ofNanos(parse(text));
    }

    /**
     * Go's {@code Duration.String()}: {@code 0s}, {@code 1ns}, {@code 1.5µs}, {@code 300ms}, {@code 1.5s},
     * {@code 1m0s}, {@code 2h45m0.5s}, {@code -1m30s}; the largest unit is the hour.
     */
    public static String format(long nanos) {
        long u = nanos < 0 ? -nanos : nanos; // unsigned: Long.MIN_VALUE stays 1 << 63
        StringBuilder b = new StringBuilder(24);
        if (Long.compareUnsigned(u, SECOND) < 0) {
            if (u == 0) {
                return "0s";
            }
            String unit;
            int precision;
            if (u < 1_000L) {
                unit = "ns";
                precision = 0;
            } else if (u < 1_000_000L) {
                unit = "\u00b5s";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            long pow = pow10(precision);
            b.append(u / pow);
            fraction(b, u % pow, precision);
            b.append(unit);
        } else {
            long seconds = Long.divideUnsigned(u, SECOND);
            long frac = Long.remainderUnsigned(u, SECOND);
            long minutes = seconds / 60;
            long hours = minutes / 60;
            if (hours > 0) {
                b.append(hours).append('h');
            }
            if (minutes > 0) {
                b.append(minutes % 60).append('m');
            }
            b.append(seconds % 60);
            fraction(b, frac, 9);
            b.append('s');
        }
        return nanos < 0 ? b.insert(0, '-').toString() : b.toString();
    }

    /** {@link #format} of a {@link Duration} (which must fit in a {@code long} of nanoseconds). */
    public static String format(Duration d) {
        return format(d.toNanos());
    }

    /** Appends {@code .digits} of a fraction with {@code precision} digits, trailing zeros dropped. */
    private static void fraction(StringBuilder b, long value, int precision) {
        if (value == 0) {
            return;
        }
        String digits = Long.toString(value);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        b.append('.');
        for (int i = digits.length(); i < precision; i++) {
            b.append('0');
        }
        b.append(digits, 0, end);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    /**
     * The {@code quote} of Go's {@code time} package: in double quotes, {@code "} and the backslash escaped, and
     * every byte of a control or non-ASCII character written as {@code \xNN}.
     */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            if (c < ' ' || c >= 0x80) {
                for (byte x : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    b.append("\\x")
                            .append(Character.forDigit((x >> 4) & 0xf, 16))
                            .append(Character.forDigit(x & 0xf, 16));
                }
            } else {
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }
}
