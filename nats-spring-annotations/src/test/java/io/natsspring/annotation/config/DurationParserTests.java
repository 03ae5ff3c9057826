package io.natsspring.annotation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationParserTests {

    @Test
    void parsesSimpleUnitsIsoAndPlainMillis() {
        assertThat(DurationParser.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationParser.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationParser.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationParser.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationParser.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationParser.parse("pt2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parse("1200")).isEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void rejectsGarbageWithAHelpfulMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationParser.parse("soon"))
                .withMessageContaining("soon")
                .withMessageContaining("30s");
        assertThatIllegalArgumentException().isThrownBy(() -> DurationParser.parse("-5s"));
    }
}
