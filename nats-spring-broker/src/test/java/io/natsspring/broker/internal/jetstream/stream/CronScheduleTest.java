package io.natsspring.broker.internal.jetstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Next fire times of cron schedules, computed by hand; and the time stamps of {@code Nats-Schedule-Next}. */
class CronScheduleTest {

    private static long at(String instant) {
        Instant t = Instant.parse(instant);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static String next(String pattern, String zone, String after) {
        long n = CronSchedule.next(
                CronSchedule.expand(pattern), zone == null ? ZoneOffset.UTC : ZoneId.of(zone), at(after));
        return n < 0 ? "none" : Instant.ofEpochSecond(n / 1_000_000_000L).toString();
    }

    @Test
    void fieldsRangesStepsAndNames() {
        assertThat(next("0 0 * * * *", null, "2026-12-07T10:15:30Z")).isEqualTo("2026-12-07T11:00:00Z");
        assertThat(next("*/15 * * * * *", null, "2026-12-07T10:15:30Z")).isEqualTo("2026-12-07T10:15:45Z");
        // Monday 2026-12-07; Friday 09:30 is the next weekday match after Friday 10:00
        assertThat(next("0 30 9 * * MON-FRI", null, "2026-12-11T10:00:00Z")).isEqualTo("2026-12-14T09:30:00Z");
        assertThat(next("0 0 0 1 jan,JUL ?", null, "2026-12-07T00:00:00Z")).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(next("@hourly", null, "2026-12-07T10:59:59Z")).isEqualTo("2026-12-07T11:00:00Z");
        assertThat(next("@weekly", null, "2026-12-07T00:00:00Z")).isEqualTo("2026-12-13T00:00:00Z");
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // the 15th or any Sunday: Sunday 2026-12-13 comes first
        assertThat(next("0 0 0 15 * SUN", null, "2026-12-08T00:00:00Z")).isEqualTo("2026-12-13T00:00:00Z");
    }

    @Test
    void timeZonesAndInvalidPatterns() {
        assertThat(next("@daily", "Europe/Amsterdam", "2026-12-07T10:00:00Z")).isEqualTo("2026-12-07T23:00:00Z");
        assertThat(next("0 0 0 30 2 *", null, "2026-12-07T00:00:00Z")).isEqualTo("none");
        assertThat(next("61 * * * * *", null, "2026-12-07T00:00:00Z")).isEqualTo("none");
        assertThat(next("* * * * *", null, "2026-12-07T00:00:00Z")).isEqualTo("none");
        assertThat(next("*/0 * * * * *", null, "2026-12-07T00:00:00Z")).isEqualTo("none");
        assertThat(next("5-1 * * * * *", null, "2026-12-07T00:00:00Z")).isEqualTo("none");
    }

    @Test
    void scheduleNextIsRfc3339Nano() {
        assertThat(MessageSchedules.rfc3339Nano(at("2026-12-07T10:00:01Z"))).isEqualTo("2026-12-07T10:00:01Z");
        assertThat(MessageSchedules.rfc3339Nano(at("2026-12-07T10:00:01.5Z"))).isEqualTo("2026-12-07T10:00:01.5Z");
        assertThat(MessageSchedules.rfc3339Nano(at("2026-12-07T10:00:01.000000120Z")))
                .isEqualTo("2026-12-07T10:00:01.00000012Z");
    }
}
