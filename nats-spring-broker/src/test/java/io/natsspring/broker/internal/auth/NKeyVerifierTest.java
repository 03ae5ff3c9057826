package io.natsspring.broker.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Public user NKeys decoded and signatures verified; keys and signatures come from jnats' own NKey code. */
class NKeyVerifierTest {

    @Test
    void verifiesSignaturesMadeWithTheSeed() throws Exception {
        NKey user = NKey.createUser(null);
        NKey other = NKey.createUser(null);
        NKeyVerifier verifier = NKeyVerifier.ofUserKey(new String(user.getPublicKey()));
        String nonce = Authenticator.newNonce();
        byte[] sig = user.sign(nonce.getBytes(StandardCharsets.US_ASCII));

        assertThat(verifier.verifies(
                        nonce, Base64.getUrlEncoder().withoutPadding().encodeToString(sig)))
                .isTrue();
        assertThat(verifier.verifies(nonce, Base64.getEncoder().encodeToString(sig)))
                .isTrue();
        assertThat(verifier.verifies(nonce + "x", Base64.getUrlEncoder().encodeToString(sig)))
                .isFalse();
        byte[] wrong = other.sign(nonce.getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verifies(nonce, Base64.getUrlEncoder().encodeToString(wrong)))
                .isFalse();
        for (String garbage : List.of("", "!!!", "AAAA", "a".repeat(86))) {
            assertThat(verifier.verifies(nonce, garbage)).as(garbage).isFalse();
        }
        assertThat(verifier.verifies(nonce, null)).isFalse();
        assertThat(verifier.verifies(null, "x")).isFalse();
    }

    @Test
    void onlyWellFormedPublicUserKeysAreValid() throws Exception {
        NKey user = NKey.createUser(null);
        String key = new String(user.getPublicKey());
        assertThat(NKeyVerifier.isValidUserKey(key)).isTrue();

        char[] tampered = key.toCharArray();
        tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
        List<String> invalid = List.of(
                new String(tampered), // checksum no longer matches
                new String(user.getSeed()), // a seed, not a public key
                new String(NKey.createAccount(null).getPublicKey()), // an account key
                key.substring(1),
                key + "A",
                key.toLowerCase(),
                "UABC",
                "");
        for (String text : invalid) {
            assertThat(NKeyVerifier.isValidUserKey(text)).as(text).isFalse();
            assertThatThrownBy(() -> NKeyVerifier.ofUserKey(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a valid public nkey for a user");
        }
        assertThat(NKeyVerifier.isValidUserKey(null)).isFalse();
    }

    @Test
    void noncesAreShapedAsNatsServerMakesThem() {
        String a = Authenticator.newNonce();
        assertThat(a).matches("[A-Za-z0-9_-]{15}");
        assertThat(Authenticator.newNonce()).isNotEqualTo(a);
    }
}
