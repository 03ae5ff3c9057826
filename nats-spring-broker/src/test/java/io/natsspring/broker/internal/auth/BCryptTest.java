package io.natsspring.broker.internal.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BCryptTest {

    private static final String EMPTY_HASH = "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.";
    private static final String ABC_HASH = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", value = {
        "\"\"|$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "a|$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe",
        "abc|$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "abcdefghijklmnopqrstuvwxyz|$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC",
        "~!@#$%^&*()      ~!@#$%^&*()PNBFRD|$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO",
    })
    void publicTestVectors(String plaintext, String expected) {
        assertThat(BCrypt.hashWithSetting(plaintext, expected.substring(0, 29))).isEqualTo(expected);
        assertThat(BCrypt.verify(plaintext, expected)).isTrue();
        assertThat(BCrypt.verify(plaintext + "x", expected)).isFalse();
    }

    @Test
    void otherVersionPrefixesAreComputedTheSameWay() {
        for (String version : new String[] {"$2b$", "$2y$", "$2x$"}) {
            String hash = version + ABC_HASH.substring(4);
            assertThat(BCrypt.isHash(hash)).as(version).isTrue();
            assertThat(BCrypt.verify("abc", hash)).as(version).isTrue();
        }
    }

    @Test
    void roundTrip() {
        String hash = BCrypt.hash("s3cret pässword", 4);

        assertThat(hash).startsWith("$2a$04$").hasSize(60);
        assertThat(BCrypt.isHash(hash)).isTrue();
        assertThat(BCrypt.verify("s3cret pässword", hash)).isTrue();
        assertThat(BCrypt.verify("s3cret password", hash)).isFalse();
        assertThat(BCrypt.verify("", hash)).isFalse();
    }

    @Test
    void saltsAreRandom() {
        assertThat(BCrypt.hash("same", 4)).isNotEqualTo(BCrypt.hash("same", 4));
    }

    @Test
    void twoDigitCostIsWrittenAsIs() {
        assertThat(BCrypt.hash("x", 4, new byte[16])).startsWith("$2a$04$");
        assertThat(BCrypt.hashWithSetting("x", "$2a$05$" + "a".repeat(22))).startsWith("$2a$05$aaaa");
    }

    @Test
    void onlyTheFirst72BytesCount() {
        String seventyTwo = "0123456789".repeat(7) + "ab";
        String hash = BCrypt.hash(seventyTwo, 4);

        assertThat(BCrypt.verify(seventyTwo + "anything beyond", hash)).isTrue();
        assertThat(BCrypt.verify(seventyTwo.substring(0, 71), hash)).isFalse();
        assertThat(BCrypt.verify(seventyTwo.substring(0, 71) + "c", hash)).isFalse();
    }

    @Test
    void bytesNotCharactersAreCounted() {
        String seventyOneBytes = "ä".repeat(35) + "x";
        String hash = BCrypt.hash(seventyOneBytes + "ä", 4);

        assertThat(BCrypt.verify(seventyOneBytes + "ä", hash)).isTrue();
        assertThat(BCrypt.verify(seventyOneBytes + "ö", hash)).as("first byte of ä and ö is the same").isTrue();
        assertThat(BCrypt.verify(seventyOneBytes, hash)).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "",
        "abc",
        "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s",
        "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s..",
        "$2c$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "$3a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "$2a$03$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "$2a$32$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "$2a$6$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.x",
        "$2a$0x$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "$2a$06*DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "$2a$06$DCq7YPn5Rq63x1Lad4cll+TV4S6ytwfsfvkgY8jIucDrjc8deX1s.",
        "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s\u00e9",
        "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s\u4e00",
    })
    void malformedHashesAreRejectedWithoutThrowing(String malformed) {
        assertThat(BCrypt.isHash(malformed)).isFalse();
        assertThat(BCrypt.verify("", malformed)).isFalse();
    }

    @Test
    void nullPlaintextDoesNotVerify() {
        assertThat(BCrypt.verify(null, EMPTY_HASH)).isFalse();
    }

    @Test
    void wrongDigestDoesNotVerify() {
        String tampered = EMPTY_HASH.substring(0, 59) + "/";

        assertThat(BCrypt.isHash(tampered)).isTrue();
        assertThat(BCrypt.verify("", tampered)).isFalse();
    }

    @Test
    void hashRejectsBadArguments() {
        assertThatThrownBy(() -> BCrypt.hash("x", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BCrypt.hash("x", 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BCrypt.hash(null, 4)).isInstanceOf(NullPointerException.class);
    }
}
