package io.natsspring.broker.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private static String hash(String password) {
        return BCrypt.withDefaults().hashToString(4, password.toCharArray());
    }

    @Test
    void withoutConfigurationEveryoneIsAllowedEverything() {
        for (Authenticator none :
                List.of(new Authenticator(null, null, null, null), new Authenticator("", "", null, List.of()))) {
            assertThat(none.required()).isFalse();
            assertThat(none.authenticate(null, null, null)).isEqualTo(AuthResult.allowAll());
            AuthResult withJunk = none.authenticate("who", "ever", "token");
            assertThat(withJunk.ok()).isTrue();
            assertThat(withJunk.permissions()).isSameAs(Permissions.ALLOW_ALL);
        }
    }

    @Test
    void plainToken() {
        Authenticator auth = new Authenticator("s3cr3t", null, null, null);

        assertThat(auth.required()).isTrue();
        AuthResult ok = auth.authenticate(null, null, "s3cr3t");
        assertThat(ok.ok()).isTrue();
        assertThat(ok.user()).isNull();
        assertThat(ok.permissions()).isSameAs(Permissions.ALLOW_ALL);
        assertThat(auth.authenticate(null, null, "s3cr3").ok()).isFalse();
        assertThat(auth.authenticate(null, null, "s3cr3t ").ok()).isFalse();
        assertThat(auth.authenticate(null, null, null).ok()).isFalse();
        assertThat(auth.authenticate("s3cr3t", "s3cr3t", null).ok()).isFalse();
    }

    @Test
    void bcryptToken() {
        Authenticator auth = new Authenticator(hash("tok"), null, null, null);

        assertThat(auth.authenticate(null, null, "tok").ok()).isTrue();
        assertThat(auth.authenticate(null, null, "tok2").ok()).isFalse();
        assertThat(auth.authenticate(null, null, null).ok()).isFalse();
    }

    @Test
    void secretWithTheBcryptPrefixIsAHashEvenWhenMalformed() {
        // nats-server: anything matching ^\$2[abxy]\$\d{2}\$ is compared with bcrypt, so nothing matches it
        String malformed = "$2a$06$tooShort";
        Authenticator auth = new Authenticator(malformed, null, null, null);

        assertThat(auth.authenticate(null, null, malformed).ok()).isFalse();
        assertThat(auth.authenticate(null, null, "tooShort").ok()).isFalse();
    }

    @Test
    void secretWithAnotherVersionIsComparedLiterally() {
        String plain = "$2c$06$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.";
        Authenticator auth = new Authenticator(null, "u", plain, null);

        assertThat(auth.authenticate("u", plain, null).ok()).isTrue();
    }

    @Test
    void singleUser() {
        Authenticator auth = new Authenticator(null, "alice", "pw", null);

        assertThat(auth.required()).isTrue();
        AuthResult ok = auth.authenticate("alice", "pw", null);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.user()).isEqualTo("alice");
        assertThat(ok.permissions()).isSameAs(Permissions.ALLOW_ALL);
        assertThat(auth.authenticate("alice", "PW", null).ok()).isFalse();
        assertThat(auth.authenticate("alice", null, null).ok()).isFalse();
        assertThat(auth.authenticate("bob", "pw", null).ok()).isFalse();
        assertThat(auth.authenticate(null, null, "pw").ok()).isFalse();
    }

    @Test
    void singleUserWithBcryptPassword() {
        Authenticator auth = new Authenticator(null, "alice", hash("pw"), null);

        assertThat(auth.authenticate("alice", "pw", null).ok()).isTrue();
        assertThat(auth.authenticate("alice", "pw ", null).ok()).isFalse();
    }

    @Test
    void emptyPasswordMatchesAMissingOne() {
        Authenticator auth = new Authenticator(null, "guest", "", null);

        assertThat(auth.authenticate("guest", null, null).ok()).isTrue();
        assertThat(auth.authenticate("guest", "", null).ok()).isTrue();
        assertThat(auth.authenticate("guest", "x", null).ok()).isFalse();
    }

    @Test
    void usersListWithPermissions() {
        PermissionPatterns readOnly = new PermissionPatterns(List.of("_INBOX.>"), null, List.of("data.>"), null);
        Authenticator auth = new Authenticator(
                null,
                null,
                null,
                List.of(
                        new AuthUser("admin", "adminpw", null),
                        new AuthUser("reader", hash("readerpw"), readOnly),
                        new AuthUser("other", "readerpw", readOnly)));

        assertThat(auth.required()).isTrue();

        AuthResult admin = auth.authenticate("admin", "adminpw", null);
        assertThat(admin.ok()).isTrue();
        assertThat(admin.user()).isEqualTo("admin");
        assertThat(admin.permissions()).isSameAs(Permissions.ALLOW_ALL);

        AuthResult reader = auth.authenticate("reader", "readerpw", null);
        assertThat(reader.ok()).isTrue();
        assertThat(reader.user()).isEqualTo("reader");
        assertThat(reader.permissions().canPublish("data.x")).isFalse();
        assertThat(reader.permissions().canPublish("_INBOX.abc")).isTrue();
        assertThat(reader.permissions().canSubscribe("data.*", null)).isTrue();
        assertThat(auth.authenticate("reader", "readerpw", null).permissions())
                .as("compiled once, shared by connections")
                .isSameAs(reader.permissions());

        assertThat(auth.authenticate("reader", "adminpw", null).ok()).isFalse();
        assertThat(auth.authenticate("admin", "readerpw", null).ok()).isFalse();
        assertThat(auth.authenticate("nobody", "adminpw", null).ok()).isFalse();
        assertThat(auth.authenticate(null, "adminpw", null).ok()).isFalse();
        assertThat(auth.authenticate(null, null, "adminpw").ok()).isFalse();
    }

    @Test
    void failureCarriesNoUserOrPermissions() {
        AuthResult denied = new Authenticator("t", null, null, null).authenticate(null, null, "x");

        assertThat(denied).isEqualTo(AuthResult.denied());
        assertThat(denied.user()).isNull();
        assertThat(denied.permissions()).isNull();
    }

    @Test
    void conflictingConfigurationIsRejected() {
        List<AuthUser> users = List.of(new AuthUser("a", "b", null));
        assertThatThrownBy(() -> new Authenticator("t", null, null, users))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Authenticator("t", "u", "p", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Authenticator(null, "u", "p", users)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Authenticator(null, "u", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Authenticator(
                        null, null, null, List.of(new AuthUser("a", "1", null), new AuthUser("a", "2", null))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authResultInvariants() {
        assertThatThrownBy(() -> new AuthResult(true, "u", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new AuthResult(false, "u", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AuthResult.authenticated("u", Permissions.ALLOW_ALL).ok()).isTrue();
    }
}
