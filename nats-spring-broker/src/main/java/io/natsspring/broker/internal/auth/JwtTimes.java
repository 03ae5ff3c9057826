package io.natsspring.broker.internal.auth;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A user JWT's connect times: {@code times} (ranges {@code {"start":"HH:MM:SS","end":"HH:MM:SS"}}) in
 * {@code times_location} (an IANA zone; the server's zone when absent). As nats-server decides it: each range is
 * taken on today's date; a range whose start is after its end crosses midnight (it covers the early hours up to its
 * end and the hours from its start to the next day's end); a connection is allowed inside a range and lasts until the
 * end of the matching range that ends last. Immutable.
 */
public final class JwtTimes {

    /** No restriction. */
    public static final JwtTimes NONE = new JwtTimes(List.of(), "", true);

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("H:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private final List<String[]> ranges;
    private final String location;
    private final boolean valid;

    private JwtTimes(List<String[]> ranges, String location, boolean valid) {
        this.ranges = ranges;
        this.location = location;
        this.valid = valid;
    }

    /** The times of the user claims {@code n} (the {@code nats} object). */
    static JwtTimes of(JsonNode n) {
        List<String[]> ranges = new ArrayList<>();
        for (JsonNode r : n.path("times")) {
            ranges.add(new String[] {r.path("start").asString(""), r.path("end").asString("")});
        }
        String location = n.path("times_location").asString("");
        if (ranges.isEmpty() && location.isEmpty()) {
            return NONE;
        }
        boolean valid = true;
        for (String[] r : ranges) {
            valid &= parse(r[0]) != null && parse(r[1]) != null;
        }
        valid &= location.isEmpty() || zone(location) != null;
        return new JwtTimes(List.copyOf(ranges), location, valid);
    }

    /** False when a time or the location can not be parsed (the JWT fails validation as in the jwt library). */
    public boolean valid() {
        return valid;
    }

    /** True when the claims set no time range. */
    public boolean unrestricted() {
        return ranges.isEmpty();
    }

    /**
     * How long a connection made at {@code now} may last: {@code null} when it may not connect now,
     * {@link Duration#ZERO} when there is no time restriction.
     */
    public Duration allowedFor(Instant now) {
        if (ranges.isEmpty()) {
            return Duration.ZERO;
        }
        ZoneId zone = location.isEmpty() ? ZoneId.systemDefault() : zone(location);
        if (zone == null) {
            return null;
        }
        ZonedDateTime local = now.atZone(zone);
        LocalDate today = local.toLocalDate();
        Duration longest = null;
        for (String[] r : ranges) {
            LocalTime start = parse(r[0]);
            LocalTime end = parse(r[1]);
            if (start == null || end == null) {
                return null;
            }
            Duration left = left(ZonedDateTime.of(today, start, zone), ZonedDateTime.of(today, end, zone), local);
            if (left != null && (longest == null || left.compareTo(longest) > 0)) {
                longest = left;
            }
        }
        return longest;
    }

    /** The time left in a range of today (crossing midnight when it starts after it ends), null outside it. */
    private static Duration left(ZonedDateTime start, ZonedDateTime end, ZonedDateTime now) {
        if (start.isBefore(now) && end.isAfter(now)) {
            return Duration.between(now, end);
        }
        if (start.isAfter(end)) {
            if (end.isAfter(now)) {
                return Duration.between(now, end);
            }
            ZonedDateTime tomorrow = end.plusDays(1);
            if (start.isBefore(now) && tomorrow.isAfter(now)) {
                return Duration.between(now, tomorrow);
            }
        }
        return null;
    }

    private static LocalTime parse(String text) {
        try {
            return LocalTime.parse(text, CLOCK);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
