package io.natsspring.broker.internal.auth;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link OperatorTrust}: nats-server's checks of a user JWT and its nonce signature, one by one. */
class OperatorTrustTest {

    private static final String NONCE = "bm9uY2Utb2YtdGVzdA";

    private static NKey operator;
    private static NKey operatorSigner;
    private static NKey account;
    private static NKey accountSigner;
    private static NKey scopedSigner;
    private static NKey rogueOperator;
    private static NKey rogueAccount;
    private static NKey revokedUser;
    private static OperatorTrust trust;

    @BeforeAll
    static void setUp() throws Exception {
        operator = JwtTokens.operatorKey();
        operatorSigner = JwtTokens.operatorKey();
        account = JwtTokens.accountKey();
        accountSigner = JwtTokens.accountKey();
        scopedSigner = JwtTokens.accountKey();
        rogueOperator = JwtTokens.operatorKey();
        rogueAccount = JwtTokens.accountKey();
        revokedUser = JwtTokens.userKey();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("signing_keys", List.of(pub(operatorSigner)))
                .sign(operator);
        String accountJwt = JwtTokens.account(account)
                .nats(
                        "signing_keys",
                        "[\"" + pub(accountSigner) + "\", {\"kind\":\"user_scope\",\"key\":\"" + pub(scopedSigner)
                                + "\",\"role\":\"r\",\"template\":{\"pub\":{\"allow\":[\"scoped.>\"]}}}]")
                .nats("revocations", Map.of(pub(revokedUser), Instant.now().getEpochSecond()))
                .nats("default_permissions", "{\"pub\":{\"deny\":[\"nope.>\"]}}")
                .sign(operatorSigner);
        String rogueJwt = JwtTokens.account(rogueAccount).sign(rogueOperator);
        trust = new OperatorTrust(
                List.of(operatorJwt), null, Map.of(pub(account), accountJwt, pub(rogueAccount), rogueJwt));
    }

    private static Credentials creds(String jwt, NKey user) {
        return new Credentials(
                null,
                null,
                null,
                null,
                user == null ? null : JwtTokens.signNonce(user, NONCE),
                NONCE,
                jwt,
                "127.0.0.1");
    }

    @Test
    void aUserSignedByItsAccountLogsInToIt() throws Exception {
        NKey u = JwtTokens.userKey();
        AuthResult r = trust.authenticate(creds(JwtTokens.user(u).sign(account), u));
        assertThat(r.ok()).isTrue();
        assertThat(r.user()).isEqualTo(pub(u));
        assertThat(r.jwt().account()).isEqualTo(pub(account));
        assertThat(r.jwt().expiresAt()).isZero();
        // the account's default permissions apply to a user without permissions of its own
        assertThat(r.permissions().canPublish("nope.x")).isFalse();
        assertThat(r.permissions().canPublish("yes")).isTrue();
    }

    @Test
    void theNonceMustBeSignedByTheUserUnlessTheJwtIsABearerToken() throws Exception {
        NKey u = JwtTokens.userKey();
        NKey other = JwtTokens.userKey();
        String jwt = JwtTokens.user(u).sign(account);
        assertThat(trust.authenticate(creds(jwt, other)).ok()).isFalse();
        assertThat(trust.authenticate(creds(jwt, null)).ok()).isFalse();
        assertThat(trust.authenticate(creds(null, u)).ok()).isFalse();
        String bearer = JwtTokens.user(u).nats("bearer_token", true).sign(account);
        assertThat(trust.authenticate(creds(bearer, null)).ok()).isTrue();
    }

    @Test
    void expiredNotYetValidAndTamperedJwtsAreRefused() throws Exception {
        NKey u = JwtTokens.userKey();
        long now = Instant.now().getEpochSecond();
        assertThat(trust.authenticate(
                                creds(JwtTokens.user(u).top("exp", now - 5).sign(account), u))
                        .ok())
                .isFalse();
        assertThat(trust.authenticate(
                                creds(JwtTokens.user(u).top("nbf", now + 60).sign(account), u))
                        .ok())
                .isFalse();
        AuthResult later =
                trust.authenticate(creds(JwtTokens.user(u).top("exp", now + 60).sign(account), u));
        assertThat(later.ok()).isTrue();
        assertThat(later.jwt().expiresAt()).isEqualTo(now + 60);
        String jwt = JwtTokens.user(u).sign(account);
        String[] parts = jwt.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "fQ." + parts[2];
        assertThat(trust.authenticate(creds(tampered, u)).ok()).isFalse();
    }

    @Test
    void signingKeysNeedIssuerAccountAndScopesImposeTheirTemplate() throws Exception {
        NKey u = JwtTokens.userKey();
        assertThat(trust.authenticate(creds(JwtTokens.user(u).sign(accountSigner), u))
                        .ok())
                .as("without issuer_account")
                .isFalse();
        AuthResult signed = trust.authenticate(
                creds(JwtTokens.user(u).nats("issuer_account", pub(account)).sign(accountSigner), u));
        assertThat(signed.ok()).isTrue();
        assertThat(signed.jwt().account()).isEqualTo(pub(account));
        // a scoped signer's user carries no permissions nor limits (as nsc makes it; the jwt library's check)
        AuthResult scoped = trust.authenticate(creds(
                JwtTokens.claims("user", pub(u))
                        .nats("issuer_account", pub(account))
                        .sign(scopedSigner),
                u));
        assertThat(scoped.ok()).isTrue();
        assertThat(scoped.permissions().canPublish("scoped.x")).isTrue();
        assertThat(scoped.permissions().canPublish("other")).isFalse();
        String withOwnPermissions = JwtTokens.user(u)
                .nats("issuer_account", pub(account))
                .nats("pub", "{\"allow\":[\">\"]}")
                .sign(scopedSigner);
        assertThat(trust.authenticate(creds(withOwnPermissions, u)).ok()).isFalse();
        assertThat(trust.authenticate(creds(
                                JwtTokens.user(u)
                                        .nats("issuer_account", pub(account))
                                        .sign(scopedSigner),
                                u))
                        .ok())
                .as("limits set in a scoped user")
                .isFalse();
        NKey stranger = JwtTokens.accountKey();
        assertThat(trust.authenticate(creds(
                                JwtTokens.user(u)
                                        .nats("issuer_account", pub(account))
                                        .sign(stranger),
                                u))
                        .ok())
                .isFalse();
    }

    @Test
    void revokedUsersUnknownAccountsAndUntrustedOperatorsAreRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertThat(trust.authenticate(creds(
                                JwtTokens.user(revokedUser).top("iat", now - 10).sign(account), revokedUser))
                        .ok())
                .isFalse();
        assertThat(trust.authenticate(creds(
                                JwtTokens.user(revokedUser).top("iat", now + 10).sign(account), revokedUser))
                        .ok())
                .as("a JWT issued after the revocation")
                .isTrue();
        NKey u = JwtTokens.userKey();
        assertThat(trust.authenticate(creds(JwtTokens.user(u).sign(JwtTokens.accountKey()), u))
                        .ok())
                .isFalse();
        assertThat(trust.authenticate(creds(JwtTokens.user(u).sign(rogueAccount), u))
                        .ok())
                .isFalse();
    }

    @Test
    void permissionsSourcesAndLimitsOfTheUserApply() throws Exception {
        NKey u = JwtTokens.userKey();
        String jwt = JwtTokens.user(u)
                .nats("pub", "{\"allow\":[\"a.>\"],\"deny\":[\"a.no\"]}")
                .nats("sub", "{\"allow\":[\"b.*\"]}")
                .nats("resp", "{\"max\":2,\"ttl\":1000000000}")
                .nats("subs", 3)
                .nats("payload", 100)
                .nats("src", List.of("127.0.0.0/8"))
                .sign(account);
        AuthResult r = trust.authenticate(creds(jwt, u));
        assertThat(r.ok()).isTrue();
        assertThat(r.permissions().canPublish("a.yes")).isTrue();
        assertThat(r.permissions().canPublish("a.no")).isFalse();
        assertThat(r.permissions().canSubscribe("b.x", null)).isTrue();
        assertThat(r.permissions().canSubscribe("c", null)).isFalse();
        assertThat(r.permissions().responses().maxMsgs()).isEqualTo(2);
        assertThat(r.jwt().maxSubs()).isEqualTo(3);
        assertThat(r.jwt().maxPayload()).isEqualTo(100);
        Credentials elsewhere =
                new Credentials(null, null, null, null, JwtTokens.signNonce(u, NONCE), NONCE, jwt, "10.1.2.3");
        assertThat(trust.authenticate(elsewhere).ok()).isFalse();
    }

    @Test
    void badOperatorOrPreloadJwtsAreRefusedWithNatsServersText() throws Exception {
        String accountJwt = JwtTokens.account(account).sign(operator);
        assertThatThrownBy(() -> new OperatorTrust(List.of("eyJbogus"), null, Map.of()))
                .hasMessageStartingWith("operator JWT not valid");
        String op = JwtTokens.operator(operator);
        assertThatThrownBy(() -> new OperatorTrust(List.of(op), null, Map.of(pub(account), "garbage")))
                .hasMessageStartingWith("preload account error for \"" + pub(account) + "\"");
        assertThatThrownBy(() -> new OperatorTrust(List.of(op), null, Map.of(pub(rogueAccount), accountJwt)))
                .hasMessageContaining("preload account error");
        String withSys = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(account))
                .sign(operator);
        assertThat(new OperatorTrust(List.of(withSys), null, Map.of()).systemAccount())
                .isEqualTo(pub(account));
        assertThatThrownBy(() -> new OperatorTrust(List.of(withSys), pub(rogueAccount), Map.of()))
                .hasMessage("system_account in config and operator JWT must be identical");
    }
}
