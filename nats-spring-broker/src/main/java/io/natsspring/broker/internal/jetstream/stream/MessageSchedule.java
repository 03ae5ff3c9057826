package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.time.GoDuration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Message schedules (ADR-51, {@code allow_msg_schedules}): a message with {@code Nats-Schedule: @at <RFC 3339>},
 * {@code @every <Go duration>} or a cron pattern ({@link CronSchedule}) publishes a copy of itself to {@code Nats-Schedule-Target} when due. This class reads
 * the schedule headers as {@code nats-server} does and computes the next firing time.
 */
final class MessageSchedule {

    static final String PATTERN = "Nats-Schedule";
    static final String TIME_ZONE = "Nats-Schedule-Time-Zone";
    static final String TTL = "Nats-Schedule-TTL";
    static final String ROLLUP = "Nats-Schedule-Rollup";
    static final String TARGET = "Nats-Schedule-Target";
    static final String SOURCE = "Nats-Schedule-Source";
    static final String SCHEDULER = "Nats-Scheduler";
    static final String NEXT = "Nats-Schedule-Next";
    static final String NEXT_PURGE = "purge";

    private static final long SECOND = 1_000_000_000L;

    /** When a schedule fires next ({@code nanos} since the epoch), and whether it repeats. */
    record Next(long nanos, boolean repeat) {}

    /** A schedule header the server refuses. */
    static final class InvalidScheduleException extends RuntimeException {
        final transient ApiError error;

        InvalidScheduleException(ApiError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }
    }

    private MessageSchedule() {}

    /**
     * The next firing of the schedule in {@code hdr} computed from {@code tsNanos} (the schedule message's time),
     * or {@code null} when the block has no schedule.
     *
     * @throws InvalidScheduleException for an invalid pattern or time zone
     */
    static Next next(byte[] hdr, long tsNanos, long nowNanos) {
        if (hdr == null) {
            return null;
        }
        String tz = NatsHeaders.get(hdr, TIME_ZONE);
        if (tz != null && (tz.isEmpty() || !validZone(tz))) {
            throw new InvalidScheduleException(JsApiError.MESSAGE_SCHEDULES_TIME_ZONE_INVALID.error());
        }
        String pattern = NatsHeaders.get(hdr, PATTERN);
        if (pattern == null || pattern.isEmpty()) {
            return null;
        }
        Next n = parse(pattern, tz, tsNanos, nowNanos);
        if (n == null) {
            throw new InvalidScheduleException(JsApiError.MESSAGE_SCHEDULES_PATTERN_INVALID.error());
        }
        return n;
    }

    /** Parses a pattern as {@code parseMsgSchedule} ({@code @at}, {@code @every}, cron); {@code null} when invalid. */
    static Next parse(String pattern, String tz, long tsNanos, long nowNanos) {
        if (pattern.startsWith("@at ")) {
            if (tz != null) {
                return null;
            }
            try {
                OffsetDateTime t = OffsetDateTime.parse(pattern.substring(4), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                return new Next(t.toEpochSecond() * SECOND + t.getNano(), false);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (pattern.startsWith("@every ")) {
            if (tz != null) {
                return null;
            }
            long d;
            try {
                d = GoDuration.parse(pattern.substring(7));
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (d < SECOND) {
                return null;
            }
            long next = roundToSecond(tsNanos) + d;
            if (next < nowNanos) {
                next = roundToSecond(nowNanos) + d;
            }
            return new Next(next, true);
        }
        String six = CronSchedule.expand(pattern);
        java.time.ZoneId zone = tz == null ? java.time.ZoneOffset.UTC : zoneOf(tz);
        long next = CronSchedule.next(six, zone, tsNanos);
        if (next < 0) {
            return null;
        }
        if (next < nowNanos) {
            next = CronSchedule.next(six, zone, roundToSecond(nowNanos));
            if (next < 0) {
                return null;
            }
        }
        return new Next(next, true);
    }

    private static java.time.ZoneId zoneOf(String tz) {
        return switch (tz) {
            case "UTC" -> java.time.ZoneOffset.UTC;
            case "Local" -> java.time.ZoneId.systemDefault();
            default -> java.time.ZoneId.of(tz);
        };
    }

    /** Go's {@code Time.Round(time.Second)}: halves round up. */
    private static long roundToSecond(long nanos) {
        long r = Math.floorMod(nanos, SECOND);
        long down = nanos - r;
        return r + r < SECOND ? down : down + SECOND;
    }

    /** A zone Go's {@code time.LoadLocation} knows: {@code UTC}, {@code Local} or an IANA name (no offsets). */
    private static boolean validZone(String tz) {
        if (tz.equals("Local") || tz.equals("UTC")) {
            return true;
        }
        if (tz.startsWith("+")
                || tz.startsWith("-")
                || tz.contains(":")
                || !java.time.ZoneId.getAvailableZoneIds().contains(tz)) {
            return false;
        }
        return true;
    }
}
