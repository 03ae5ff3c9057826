package io.natsspring.broker.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's own {@code time.ParseDuration} and {@code Duration.String()} cases, plus the ones our callers rely on. */
class GoDurationTest {

    private static final long NS = 1;
    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long S = 1_000_000_000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // simple
                "0|0",
                "5s|5000000000",
                "30s|30000000000",
                "1478s|1478000000000",
                // sign
                "-5s|-5000000000",
                "+5s|5000000000",
                "-0|0",
                "+0|0",
                // decimal
                "5.0s|5000000000",
                "5.6s|5600000000",
                "5.s|5000000000",
                ".5s|500000000",
                "1.0s|1000000000",
                "1.00s|1000000000",
                "1.004s|1004000000",
                "1.0040s|1004000000",
                "100.00100s|100001000000",
                // the case two of our old parsers disagreed on
                "1.005s|1005000000",
                // units
                "10ns|10",
                "11us|11000",
                "12µs|12000",
                "12μs|12000",
                "13ms|13000000",
                "14s|14000000000",
                "15m|900000000000",
                "16h|57600000000000",
                // composites
                "3h30m|12600000000000",
                "10.5s4m|250500000000",
                "-2m3.4s|-123400000000",
                "1h2m3s4ms5us6ns|3723004005006",
                "39h9m14.425s|140954425000000",
                "1h2m3.5s|3723500000000",
                // large values
                "52763797000ns|52763797000",
                "0.3333333333333333333h|1200000000000",
                "9007199254740993ns|9007199254740993",
                "9223372036854775807ns|9223372036854775807",
                "9223372036854775.807us|9223372036854775807",
                "9223372036s854ms775us807ns|9223372036854775807",
                "-9223372036854775807ns|-9223372036854775807",
                "-9223372036854775808ns|-9223372036854775808",
                "0.100000000000000000000h|360000000000",
                "0.830103483285477580700h|2988372539827",
            })
    void parsesLikeGo(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "3",
                "-",
                "s",
                ".",
                "-.",
                ".s",
                "+.s",
                "3000000h",
                "9223372036854775808ns",
                "9223372036854775.808us",
                "9223372036854ms775us808ns",
                "1d",
                "1x",
                " 1s",
                "1s ",
                "1 s",
                "1h 30m",
                "h1",
                "1.2.3s",
                "--1s",
                "1S",
                "1sec",
                "1s-2s",
                "1e3s",
                "99999999999999999999s"
            })
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("time: ");
    }

    @Test
    void errorTextsAreGos() {
        assertThatThrownBy(() -> GoDuration.parse("soon")).hasMessage("time: invalid duration \"soon\"");
        assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
        assertThatThrownBy(() -> GoDuration.parse("2µ"))
                .hasMessage("time: unknown unit \"\\xc2\\xb5\" in duration \"2\\xc2\\xb5\"");
        assertThatThrownBy(() -> GoDuration.parse("1\"s"))
                .hasMessage("time: unknown unit \"\\\"s\" in duration \"1\\\"s\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|0s",
                "1|1ns",
                "1100|1.1µs",
                "2200000|2.2ms",
                "3300000000|3.3s",
                "245000000000|4m5s",
                "245001000000|4m5.001s",
                "18367001000000|5h6m7.001s",
                "480000000001|8m0.000000001s",
                "9223372036854775807|2562047h47m16.854775807s",
                "-9223372036854775808|-2562047h47m16.854775808s",
                "-1|-1ns",
                "999|999ns",
                "1000|1µs",
                "1001|1.001µs",
                "999999|999.999µs",
                "1000000|1ms",
                "1500000|1.5ms",
                "300000000|300ms",
                "999999999|999.999999ms",
                "1000000000|1s",
                "1500000000|1.5s",
                "60000000000|1m0s",
                "90000000000|1m30s",
                "3600000000000|1h0m0s",
                "5000000000|5s",
                "-90500000000|-1m30.5s",
            })
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(nanos)).isEqualTo(text);
    }

    @Test
    void formatAndParseRoundTrip() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2_000; i++) {
            long nanos = random.nextLong();
            assertThat(GoDuration.parse(GoDuration.format(nanos)))
                    .as("%d", nanos)
                    .isEqualTo(nanos);
        }
    }

    @Test
    void javaTimeViews() {
        assertThat(GoDuration.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoDuration.parse("2m") + GoDuration.parse("500ms")).isEqualTo(2 * M + 500 * MS);
        assertThat(GoDuration.parse("1us")).isEqualTo(US * NS);
        assertThat(GoDuration.parse("1h")).isEqualTo(H);
    }
}
