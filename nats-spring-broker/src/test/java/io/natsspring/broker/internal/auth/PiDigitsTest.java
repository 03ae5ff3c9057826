package io.natsspring.broker.internal.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PiDigitsTest {

    @Test
    void firstWordsAreTheWellKnownHexDigitsOfPi() {
        int[] words = PiDigits.fractionWords(4);

        assertThat(words).containsExactly(0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344);
    }

    @Test
    void blowfishInitialStateHasTheKnownBoundaryWords() {
        int[] words = EksBlowfish.initialWords();

        assertThat(words).hasSize(18 + 4 * 256);
        assertThat(words[17]).as("last P-array word").isEqualTo(0x8979FB1B);
        assertThat(words[18]).as("first S-box word").isEqualTo(0xD1310BA6);
        assertThat(words[words.length - 1]).as("last S-box word").isEqualTo(0x3AC372E6);
    }

    @Test
    void shorterComputationIsAPrefixOfTheLongerOne() {
        int[] longer = PiDigits.fractionWords(100);
        int[] shorter = PiDigits.fractionWords(37);

        for (int i = 0; i < shorter.length; i++) {
            assertThat(shorter[i]).as("word %d", i).isEqualTo(longer[i]);
        }
    }
}
