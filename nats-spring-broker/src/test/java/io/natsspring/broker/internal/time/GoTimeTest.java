package io.natsspring.broker.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3339 with nanoseconds as Go's {@code time.RFC3339Nano} prints a UTC time (what nats-server writes). */
class GoTimeTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|0001-01-01T00:00:00Z",
                "1000000000|1970-01-01T00:00:01Z",
                "1500000000|1970-01-01T00:00:01.5Z",
                "1|1970-01-01T00:00:00.000000001Z",
                "1795309323123456789|2026-11-22T01:02:03.123456789Z",
                "1795309323120000000|2026-11-22T01:02:03.12Z",
                "1795309323100000000|2026-11-22T01:02:03.1Z",
                "1795309323000001000|2026-11-22T01:02:03.000001Z",
                "-1|1969-12-31T23:59:59.999999999Z",
            })
    void formatsLikeGoRfc3339Nano(long nanos, String text) {
        assertThat(GoTime.format(nanos)).isEqualTo(text);
        if (nanos != 0) {
            assertThat(GoTime.parse(text)).isEqualTo(nanos);
        }
    }

    @Test
    void zeroTimeMeansNever() {
        assertThat(GoTime.parse(GoTime.ZERO)).isZero();
        assertThat(GoTime.parse("")).isZero();
        assertThat(GoTime.parse(null)).isZero();
    }

    @Test
    void parsesOffsetsAndShortFractions() {
        assertThat(GoTime.parse("2026-11-22T02:02:03.5+01:00")).isEqualTo(1_795_309_323_500_000_000L);
        assertThat(GoTime.parse("2026-11-22T01:02:03Z")).isEqualTo(1_795_309_323_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-22", "2026-11-22T01:02:03", "2026-13-01T00:00:00Z"})
    void rejectsWhatIsNotRfc3339(String text) {
        assertThatThrownBy(() -> GoTime.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    @Test
    void instantsFormatTheSameWay() {
        assertThat(GoTime.format(Instant.ofEpochMilli(1_795_309_323_120L))).isEqualTo("2026-11-22T01:02:03.12Z");
        assertThat(GoTime.format(Instant.parse("9999-12-31T23:59:59.999999999Z")))
                .isEqualTo("9999-12-31T23:59:59.999999999Z");
        assertThat(GoTime.nowNanos()).isPositive();
    }
}
