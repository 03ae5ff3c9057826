package io.natsspring.broker.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.it.tls.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify_and_map}: which configured user a client certificate names, in {@code nats-server}'s order. */
class CertificateUserMappingTest {

    @TempDir
    static Path dir;

    private static TestPki.Issued alice;
    private static TestPki.Issued plain;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki pki = new TestPki(dir);
        alice = pki.client("alice", "CN=alice,OU=Dev,O=Acme", "alice@acme.test");
        plain = pki.client("plain", "CN=plain,O=Acme");
    }

    private static Authenticator mapping(String... users) {
        return new Authenticator(
                null,
                null,
                null,
                List.of(users).stream().map(u -> new AuthUser(u, null, null)).toList(),
                true);
    }

    @Test
    void sanEmailComesBeforeTheSubject() {
        AuthResult r =
                mapping("CN=alice,OU=Dev,O=Acme", "alice@acme.test").authenticateCertificate(alice.certificate());
        assertThat(r.ok()).isTrue();
        assertThat(r.user()).isEqualTo("alice@acme.test");
    }

    @Test
    void subjectInRfc2253OrderOrReordered() {
        assertThat(mapping("O=Acme,OU=Dev,CN=alice")
                        .authenticateCertificate(alice.certificate())
                        .user())
                .isEqualTo("O=Acme,OU=Dev,CN=alice");
        assertThat(mapping("CN=alice,OU=Dev,O=Acme")
                        .authenticateCertificate(alice.certificate())
                        .user())
                .isEqualTo("CN=alice,OU=Dev,O=Acme");
        assertThat(mapping("cn=plain, o=Acme")
                        .authenticateCertificate(plain.certificate())
                        .ok())
                .as("attribute types without regard to case")
                .isTrue();
    }

    @Test
    void valuesCompareExactlyAndPartialSubjectsDoNotMatch() {
        assertThat(mapping("CN=Plain,O=Acme")
                        .authenticateCertificate(plain.certificate())
                        .ok())
                .isFalse();
        assertThat(mapping("CN=plain")
                        .authenticateCertificate(plain.certificate())
                        .ok())
                .isFalse();
        assertThat(mapping("CN=plain,O=Acme,C=US")
                        .authenticateCertificate(plain.certificate())
                        .ok())
                .isFalse();
    }

    @Test
    void noCertificateOrNoUserIsDenied() {
        assertThat(mapping("CN=plain,O=Acme").authenticateCertificate(null).ok())
                .isFalse();
        assertThat(mapping("someone")
                        .authenticateCertificate(plain.certificate())
                        .ok())
                .isFalse();
    }

    @Test
    void usersWithoutPasswordCanNotLogInWithCredentials() {
        Authenticator a = mapping("CN=plain,O=Acme");
        assertThat(a.mapsCertificates()).isTrue();
        assertThat(a.authenticate("CN=plain,O=Acme", "", null).ok()).isFalse();
        assertThat(a.authenticate("CN=plain,O=Acme", null, null).ok()).isFalse();
    }
}
