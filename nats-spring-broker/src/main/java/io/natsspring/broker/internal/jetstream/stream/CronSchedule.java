package io.natsspring.broker.internal.jetstream.stream;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * The cron form of {@code Nats-Schedule} (2.14+): six fields — second, minute, hour, day of month, month, day of
 * week — each {@code *} or {@code ?}, a number or name ({@code jan}, {@code mon}), a range {@code a-b}, a step
 * {@code x/n} and comma lists; the shorthands {@code @yearly}/{@code @annually}, {@code @monthly}, {@code @weekly},
 * {@code @daily}/{@code @midnight} and {@code @hourly}; evaluated in {@code Nats-Schedule-Time-Zone} (UTC by
 * default). Day of month and day of week match either one when both are restricted, both when one is {@code *}, as
 * {@code nats-server} (and the cron library it follows) does. Looks at most five years ahead.
 */
final class CronSchedule {

    private static final long STAR = 1L << 63;

    private record Bounds(int min, int max, Map<String, Integer> names) {}

    private static final Bounds SECONDS = new Bounds(0, 59, Map.of());
    private static final Bounds MINUTES = new Bounds(0, 59, Map.of());
    private static final Bounds HOURS = new Bounds(0, 23, Map.of());
    private static final Bounds DAYS = new Bounds(1, 31, Map.of());
    private static final Bounds MONTHS = new Bounds(
            1,
            12,
            Map.ofEntries(
                    Map.entry("jan", 1),
                    Map.entry("feb", 2),
                    Map.entry("mar", 3),
                    Map.entry("apr", 4),
                    Map.entry("may", 5),
                    Map.entry("jun", 6),
                    Map.entry("jul", 7),
                    Map.entry("aug", 8),
                    Map.entry("sep", 9),
                    Map.entry("oct", 10),
                    Map.entry("nov", 11),
                    Map.entry("dec", 12)));
    private static final Bounds WEEKDAYS =
            new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6));

    private CronSchedule() {}

    /** Replaces a shorthand ({@code @daily} …) by its six fields; other patterns are returned as they are. */
    static String expand(String pattern) {
        return switch (pattern) {
            case "@yearly", "@annually" -> "0 0 0 1 1 *";
            case "@monthly" -> "0 0 0 1 * *";
            case "@weekly" -> "0 0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 0 * * *";
            case "@hourly" -> "0 0 * * * *";
            default -> pattern;
        };
    }

    /**
     * The first time strictly after {@code afterNanos} (whole seconds) that matches {@code pattern} in {@code zone},
     * in nanoseconds since the epoch; -1 when the pattern is invalid or matches nothing within five years.
     */
    static long next(String pattern, ZoneId zone, long afterNanos) {
        String[] f = pattern.trim().split("\\s+");
        if (f.length != 6) {
            return -1;
        }
        long second = field(f[0], SECONDS);
        long minute = field(f[1], MINUTES);
        long hour = field(f[2], HOURS);
        long dayOfMonth = field(f[3], DAYS);
        long month = field(f[4], MONTHS);
        long dayOfWeek = field(f[5], WEEKDAYS);
        if (second == -1 || minute == -1 || hour == -1 || dayOfMonth == -1 || month == -1 || dayOfWeek == -1) {
            return -1;
        }
        ZonedDateTime t = Instant.ofEpochSecond(Math.floorDiv(afterNanos, 1_000_000_000L))
                .atZone(zone)
                .plusSeconds(1);
        int yearLimit = t.getYear() + 5;
        boolean truncated = false;
        wrap:
        while (true) {
            if (t.getYear() > yearLimit) {
                return -1;
            }
            while ((1L << t.getMonthValue() & month) == 0) {
                if (!truncated) {
                    truncated = true;
                    t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), 1, 0, 0, 0, 0, zone);
                }
                t = t.plusMonths(1);
                if (t.getMonthValue() == 1) {
                    continue wrap;
                }
            }
            while (!dayMatches(dayOfMonth, dayOfWeek, t)) {
                if (!truncated) {
                    truncated = true;
                    t = ZonedDateTime.of(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), 0, 0, 0, 0, zone);
                }
                t = t.plusDays(1);
                if (t.getDayOfMonth() == 1) {
                    continue wrap;
                }
            }
            while ((1L << t.getHour() & hour) == 0) {
                if (!truncated) {
                    truncated = true;
                    t = t.truncatedTo(ChronoUnit.HOURS);
                }
                t = t.plus(1, ChronoUnit.HOURS);
                if (t.getHour() == 0) {
                    continue wrap;
                }
            }
            while ((1L << t.getMinute() & minute) == 0) {
                if (!truncated) {
                    truncated = true;
                    t = t.truncatedTo(ChronoUnit.MINUTES);
                }
                t = t.plus(1, ChronoUnit.MINUTES);
                if (t.getMinute() == 0) {
                    continue wrap;
                }
            }
            while ((1L << t.getSecond() & second) == 0) {
                if (!truncated) {
                    truncated = true;
                    t = t.truncatedTo(ChronoUnit.SECONDS);
                }
                t = t.plus(1, ChronoUnit.SECONDS);
                if (t.getSecond() == 0) {
                    continue wrap;
                }
            }
            return t.toEpochSecond() * 1_000_000_000L;
        }
    }

    private static boolean dayMatches(long dayOfMonth, long dayOfWeek, ZonedDateTime t) {
        boolean domMatch = (1L << t.getDayOfMonth() & dayOfMonth) != 0;
        boolean dowMatch = (1L << (t.getDayOfWeek().getValue() % 7) & dayOfWeek) != 0;
        if ((dayOfMonth & STAR) != 0 || (dayOfWeek & STAR) != 0) {
            return domMatch && dowMatch;
        }
        return domMatch || dowMatch;
    }

    /** The bit set of one field (bit 63 marks {@code *}); -1 when invalid. */
    private static long field(String text, Bounds b) {
        long bits = 0;
        for (String expr : text.split(",")) {
            if (expr.isEmpty()) {
                continue;
            }
            long r = range(expr, b);
            if (r == -1) {
                return -1;
            }
            bits |= r;
        }
        return bits;
    }

    private static long range(String expr, Bounds b) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowHigh.length == 1;
        int start;
        int end;
        long extra = 0;
        if (lowHigh[0].equals("*") || lowHigh[0].equals("?")) {
            start = b.min();
            end = b.max();
            extra = STAR;
        } else {
            start = number(lowHigh[0], b);
            if (start < 0) {
                return -1;
            }
            if (lowHigh.length == 1) {
                end = start;
            } else if (lowHigh.length == 2) {
                end = number(lowHigh[1], b);
                if (end < 0) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        int step;
        if (rangeAndStep.length == 1) {
            step = 1;
        } else if (rangeAndStep.length == 2) {
            step = number(rangeAndStep[1], null);
            if (step < 0) {
                return -1;
            }
            if (single) {
                end = b.max();
            }
            if (step > 1) {
                extra = 0;
            }
        } else {
            return -1;
        }
        if (start < b.min() || end > b.max() || start > end || step == 0) {
            return -1;
        }
        long bits = 0;
        for (int i = start; i <= end; i += step) {
            bits |= 1L << i;
        }
        return bits | extra;
    }

    /** A name of the field or a non-negative decimal ({@code strconv.Atoi}: optional sign); -1 when invalid. */
    private static int number(String text, Bounds b) {
        if (b != null) {
            Integer named = b.names().get(text.toLowerCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
        }
        int from = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        if (text.length() == from || text.length() > 10) {
            return -1;
        }
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        long v = Long.parseLong(text.substring(from));
        if (text.charAt(0) == '-' && v != 0) {
            return -1;
        }
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }
}
