package io.natsspring.broker.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bcrypt secrets as nats-server checks them. The hashes below were made with libxcrypt (an implementation
 * independent of the library we use) and every verdict was checked against nats-server 2.15.1 with the same
 * users configured and a client sending the same CONNECT.
 */
class BcryptSecretTest {

    /** libxcrypt {@code $2a$04$} of "pw". */
    private static final String PW_2A = "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.";

    private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|true",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|PW|false",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|''|false",
                "$2b$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|true",
                "$2b$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pwx|false",
                "$2y$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|true",
                "$2a$04$natsspringtestsaltvalutILv38SQfx7vrG6HXG4nvk45UcSIgxu|''|true",
                "$2a$04$natsspringtestsaltvalutILv38SQfx7vrG6HXG4nvk45UcSIgxu|x|false",
                // libxcrypt's $2x$ reproduces the old sign-extension bug for 8-bit characters; Go (and nats-server)
                // computes $2x$ like $2a$, so only the $2a$ digest under a $2x$ prefix matches
                "$2x$04$natsspringtestsaltvaluuvwrVSLB/12hlJv.2BdSPzPpFF/2gZe|pää|false",
                "$2x$04$natsspringtestsaltvaluzXRTcBJiEjVe/mizcdTsH0odiuv1P7S|pää|true",
                // a salt with unused low bits set is accepted; a digest with them set is not
                "$2a$04$natsspringtestsaltvalvbfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|true",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ/|pw|false",
                // Go ignores characters after the 60th, and fails anything shorter
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.x|pw|true",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.xyz|pw|true",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.!|pw|true",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ|pw|false",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ/x|pw|false",
                // costs outside 4..31 and characters outside the alphabet never match
                "$2a$03$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|false",
                "$2a$01$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|false",
                "$2a$32$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|false",
                "$2a$99$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|false",
                "$2a$04$nat!springtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.|pw|false",
                "$2a$04$natsspringtestsaltvalubfqYCYk6fl6Z3gk!Nvn2z5IoXZRzBZ.|pw|false",
                "$2a$10$short|$2a$10$short|false",
            })
    void verdictsMatchNatsServer(String hash, String password, boolean expected) {
        String presented = password.equals("''") ? "" : password;

        assertThat(BcryptSecret.isBcrypt(hash)).isTrue();
        assertThat(BcryptSecret.matches(hash, presented)).isEqualTo(expected);
    }

    @Test
    void onlyTheFirst72BytesOfThePasswordCount() {
        // libxcrypt $2b$ of 72 and of 71 times "a"
        String of72 = "$2b$04$natsspringtestsaltvalu3hScGICqFfbt765NtC/RymGQWZPoRd.";
        String of71 = "$2b$04$natsspringtestsaltvaluy/qEO5YpvZizu1jkmVwFN3HxGiM1a46";

        assertThat(BcryptSecret.matches(of72, "a".repeat(72))).isTrue();
        assertThat(BcryptSecret.matches(of72, "a".repeat(80)))
                .as("Go does not refuse long passwords")
                .isTrue();
        assertThat(BcryptSecret.matches(of72, "a".repeat(71))).isFalse();
        assertThat(BcryptSecret.matches(of71, "a".repeat(71))).isTrue();
        assertThat(BcryptSecret.matches(of71, "a".repeat(72)))
                .as("the terminating zero counts")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2a$04$", "$2b$10$", "$2x$31$x", "$2y$99$"})
    void anythingWithTheVersionAndCostPrefixIsTreatedAsAHash(String secret) {
        assertThat(BcryptSecret.isBcrypt(secret)).isTrue();
        assertThat(BcryptSecret.matches(secret, secret)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "pw",
                "$2c$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.",
                "$2$04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.",
                "$2a$4x$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.",
                " $2a$04$x",
                "$3a$04$x"
            })
    void otherSecretsArePlain(String secret) {
        // nats-server compares these as plain text: "$2c$…" is the password "$2c$…"
        assertThat(BcryptSecret.isBcrypt(secret)).isFalse();
    }

    @Test
    void nullPasswordIsTheEmptyPassword() {
        assertThat(BcryptSecret.matches("$2a$04$natsspringtestsaltvalutILv38SQfx7vrG6HXG4nvk45UcSIgxu", null))
                .isTrue();
        assertThat(BcryptSecret.matches(PW_2A, null)).isFalse();
    }

    @Test
    void hashesMadeByTheLibraryInEveryVersionVerify() {
        for (BCrypt.Version version : BCrypt.Version.SUPPORTED_VERSIONS) {
            String hash = BCrypt.with(version).hashToString(4, "s3cret pässword".toCharArray());

            assertThat(BcryptSecret.matches(hash, "s3cret pässword")).as(hash).isTrue();
            assertThat(BcryptSecret.matches(hash, "s3cret password")).as(hash).isFalse();
        }
    }

    @Test
    void everyNonCanonicalLastDigestCharacterIsRejected() {
        int last = ALPHABET.indexOf(PW_2A.charAt(59));
        for (int low = 1; low < 4; low++) {
            String tampered = PW_2A.substring(0, 59) + ALPHABET.charAt(last | low);

            assertThat(BcryptSecret.matches(tampered, "pw")).as(tampered).isFalse();
        }
    }
}
