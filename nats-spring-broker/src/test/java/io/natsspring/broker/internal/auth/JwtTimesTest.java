package io.natsspring.broker.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JwtTimesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JwtTimes times(String json) {
        return JwtTimes.of(JSON.readTree(json));
    }

    private static Instant utc(String time) {
        return Instant.parse("2026-03-10T" + time + "Z");
    }

    @Test
    void noRangesMeansNoRestriction() {
        JwtTimes t = times("{}");
        assertThat(t.unrestricted()).isTrue();
        assertThat(t.allowedFor(utc("12:00:00"))).isEqualTo(Duration.ZERO);
    }

    @Test
    void insideARangeTheConnectionLastsUntilItsEnd() {
        JwtTimes t = times("{\"times\":[{\"start\":\"09:00:00\",\"end\":\"17:00:00\"}],\"times_location\":\"UTC\"}");
        assertThat(t.allowedFor(utc("12:00:00"))).isEqualTo(Duration.ofHours(5));
        assertThat(t.allowedFor(utc("08:59:59"))).isNull();
        assertThat(t.allowedFor(utc("17:00:00"))).isNull();
    }

    @Test
    void aRangeCrossingMidnightCoversBothSides() {
        JwtTimes t = times("{\"times\":[{\"start\":\"22:00:00\",\"end\":\"06:00:00\"}],\"times_location\":\"UTC\"}");
        assertThat(t.allowedFor(utc("05:00:00"))).isEqualTo(Duration.ofHours(1));
        assertThat(t.allowedFor(utc("23:00:00"))).isEqualTo(Duration.ofHours(7));
        assertThat(t.allowedFor(utc("12:00:00"))).isNull();
    }

    @Test
    void theLongestMatchingRangeWins() {
        JwtTimes t = times("{\"times\":[{\"start\":\"09:00:00\",\"end\":\"13:00:00\"},"
                + "{\"start\":\"10:00:00\",\"end\":\"15:00:00\"}],\"times_location\":\"UTC\"}");
        assertThat(t.allowedFor(utc("12:00:00"))).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void theLocationShiftsTheRanges() {
        JwtTimes t =
                times("{\"times\":[{\"start\":\"09:00:00\",\"end\":\"17:00:00\"}],\"times_location\":\"Asia/Tokyo\"}");
        assertThat(t.allowedFor(utc("01:00:00"))).isEqualTo(Duration.ofHours(7));
        assertThat(t.allowedFor(utc("12:00:00"))).isNull();
    }

    @Test
    void badTimesOrLocationsAreInvalid() {
        assertThat(times("{\"times\":[{\"start\":\"25:00:00\",\"end\":\"26:00:00\"}]}")
                        .valid())
                .isFalse();
        assertThat(times("{\"times\":[{\"start\":\"9:00\",\"end\":\"10:00:00\"}]}")
                        .valid())
                .isFalse();
        assertThat(times("{\"times_location\":\"Mars/Base\"}").valid()).isFalse();
        assertThat(times("{\"times\":[{\"start\":\"9:00:00\",\"end\":\"10:00:00\"}]}")
                        .valid())
                .isTrue();
    }
}
