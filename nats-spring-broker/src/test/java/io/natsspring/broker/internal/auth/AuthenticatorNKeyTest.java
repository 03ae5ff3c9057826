package io.natsspring.broker.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NKey users and {@code no_auth_user} in the {@link Authenticator}, in nats-server's order of checks. */
class AuthenticatorNKeyTest {

    private static NKey alice;
    private static String alicePub;

    @BeforeAll
    static void keys() throws Exception {
        alice = NKey.createUser(null);
        alicePub = new String(alice.getPublicKey());
    }

    private static String sign(NKey key, String nonce) throws Exception {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(key.sign(nonce.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Credentials nkey(String nkey, String sig, String nonce) {
        return new Credentials(null, null, null, nkey, sig, nonce);
    }

    @Test
    void nkeyUsersSignTheNonce() throws Exception {
        PermissionPatterns perms = new PermissionPatterns(List.of("a.>"), List.of(), List.of(), List.of());
        Authenticator auth = new Authenticator(
                null,
                null,
                null,
                List.of(new AuthUser("bob", "pw", null)),
                List.of(new AuthNKeyUser(alicePub, perms)),
                null);
        assertThat(auth.required()).isTrue();
        assertThat(auth.nonceRequired()).isTrue();
        String nonce = Authenticator.newNonce();

        AuthResult ok = auth.authenticate(nkey(alicePub, sign(alice, nonce), nonce));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.permissions().canPublish("a.b")).isTrue();
        assertThat(ok.permissions().canPublish("b")).isFalse();

        assertThat(auth.authenticate(nkey(alicePub, sign(alice, nonce), Authenticator.newNonce()))
                        .ok())
                .isFalse();
        assertThat(auth.authenticate(nkey(alicePub, null, nonce)).ok()).isFalse();
        assertThat(auth.authenticate(nkey(alicePub, sign(NKey.createUser(null), nonce), nonce))
                        .ok())
                .isFalse();
        String stranger = new String(NKey.createUser(null).getPublicKey());
        assertThat(auth.authenticate(nkey(stranger, "x", nonce)).ok()).isFalse();
        // users with passwords still work next to NKey users
        assertThat(auth.authenticate(Credentials.of("bob", "pw", null)).ok()).isTrue();
        assertThat(auth.authenticate(Credentials.of(null, null, null)).ok()).isFalse();
    }

    @Test
    void passwordUsersNeedNoNonce() {
        Authenticator auth = new Authenticator(null, null, null, List.of(new AuthUser("bob", "pw", null)));
        assertThat(auth.nonceRequired()).isFalse();
    }

    @Test
    void noAuthUserIsUsedOnlyWithoutCredentials() throws Exception {
        PermissionPatterns aPerms = new PermissionPatterns(List.of("a.>"), List.of(), List.of(), List.of());
        List<AuthUser> users = List.of(new AuthUser("a", "pa", aPerms), new AuthUser("b", "pb", null));
        Authenticator auth = new Authenticator(null, null, null, users, List.of(), "a");

        AuthResult anonymous = auth.authenticate(Credentials.of(null, null, null));
        assertThat(anonymous.ok()).isTrue();
        assertThat(anonymous.user()).isEqualTo("a");
        assertThat(anonymous.permissions().canPublish("x")).isFalse();
        assertThat(auth.authenticate(Credentials.of("b", "pb", null)).user()).isEqualTo("b");
        assertThat(auth.authenticate(Credentials.of("a", "wrong", null)).ok()).isFalse();
        // a password alone is a credential: no_auth_user does not apply
        assertThat(auth.authenticate(Credentials.of(null, "pa", null)).ok()).isFalse();

        Authenticator byKey =
                new Authenticator(null, null, null, List.of(), List.of(new AuthNKeyUser(alicePub, null)), alicePub);
        assertThat(byKey.authenticate(Credentials.of(null, null, null)).ok()).isTrue();
    }

    @Test
    void invalidConfigurationsAreRefusedWithNatsServersWords() {
        assertThatThrownBy(() ->
                        new Authenticator(null, null, null, List.of(), List.of(new AuthNKeyUser("UABC", null)), null))
                .hasMessageContaining("not a valid public nkey for a user");
        assertThatThrownBy(() -> new Authenticator(
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(new AuthNKeyUser(alicePub, null), new AuthNKeyUser(alicePub, null)),
                        null))
                .hasMessageContaining("duplicate nkey");
        assertThatThrownBy(() -> new Authenticator(null, null, null, List.of(), List.of(), "x"))
                .hasMessage("no_auth_user: \"x\" present, but users/nkeys are not defined");
        assertThatThrownBy(() ->
                        new Authenticator(null, null, null, List.of(new AuthUser("a", "b", null)), List.of(), "x"))
                .hasMessage(
                        "no_auth_user: \"x\" not present as user or nkey in authorization block or account configuration");
        assertThatThrownBy(() ->
                        new Authenticator("t", null, null, List.of(), List.of(new AuthNKeyUser(alicePub, null)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
