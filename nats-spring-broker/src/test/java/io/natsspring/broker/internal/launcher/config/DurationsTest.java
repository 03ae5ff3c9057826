package io.natsspring.broker.internal.launcher.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"0,PT0S", "1h,PT1H", "1.5h,PT1H30M", "1h30m10s,PT1H30M10S", "250ms,PT0.25S", "10us,PT0.00001S",
            "10µs,PT0.00001S", "7ns,PT0.000000007S", "-2s,PT-2S", " 3s ,PT3S", ".5s,PT0.5S"})
    void parses(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "1x", "1 s", "1h 30m", "1d", "h1", "1.2.3s"})
    void rejects(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration");
    }
}
