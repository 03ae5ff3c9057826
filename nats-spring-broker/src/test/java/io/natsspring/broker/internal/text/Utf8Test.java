package io.natsspring.broker.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "orders.eu.1",
                "_INBOX.Qm2zYk1x8GqvD3tRtYx0Ab.42",
                "café",
                "naïve.ß",
                "日本.語",
                "emoji.\uD83D\uDE00.x",
                "lone.\uD83D",
                "\uDE00.lone.low",
                "end.\uD83D",
                "\uD83D\uD83D\uDE00"
            })
    void isTheLengthOfTheJdkEncoding(String text) {
        assertThat(Utf8.encodedLength(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void everyCharAndPairAgreesWithTheJdk() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String one = String.valueOf((char) c);
            assertThat(Utf8.encodedLength(one))
                    .as("char %04x", c)
                    .isEqualTo(one.getBytes(StandardCharsets.UTF_8).length);
            String pair = "a" + (char) c + "\uDC00";
            assertThat(Utf8.encodedLength(pair))
                    .as("char %04x before a low surrogate", c)
                    .isEqualTo(pair.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
