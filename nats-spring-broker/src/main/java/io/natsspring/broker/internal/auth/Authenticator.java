package io.natsspring.broker.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the credentials of a client's CONNECT against the configured token, single user or users list, as
 * {@code nats-server} does. Configured secrets may be bcrypt hashes (anything that starts like
 * {@code $2a$NN$}, {@code $2b$}, {@code $2x$} or {@code $2y$}); other secrets are compared in constant time.
 * NKey users sign the nonce of their INFO; the signature is checked with {@link NKeyVerifier}.
 * Each user's permissions are compiled once and shared by its connections. Immutable and thread-safe. bcrypt verification is deliberately slow (cost 10 takes about 0.1 s here), so
 * callers may want to run {@link #authenticate} off the I/O thread.
 */
public final class Authenticator {

    private static final int NONCE_BYTES = 11;
    private static final SecureRandom NONCES = new SecureRandom();

    private final String token;
    private final Map<String, Account> accounts;
    private final Map<String, NKeyAccount> nkeys;
    private final String noAuthUser;
    private final boolean mapCertificates;
    private final OperatorTrust operator;

    /**
     * Configures authentication; when the token, the user and the users list are all null or empty, no
     * authentication is required.
     *
     * @throws IllegalArgumentException for a token combined with users, a single user combined with a users
     *                                  list, a user without password, or a user name given twice
     */
    public Authenticator(String token, String user, String password, List<AuthUser> users) {
        this(token, user, password, users, List.of(), null, false);
    }

    /**
     * As {@link #Authenticator(String, String, String, List)}; with {@code mapCertificates} ({@code tls {
     * verify_and_map }}) the users are identified by their client certificate instead of their credentials.
     */
    public Authenticator(String token, String user, String password, List<AuthUser> users, boolean mapCertificates) {
        this(token, user, password, users, List.of(), null, mapCertificates);
    }

    /**
     * Configures authentication with NKey users and a {@code no_auth_user} (the user or NKey a client without
     * credentials is taken to be; {@code null} for none).
     *
     * @throws IllegalArgumentException as {@link #Authenticator(String, String, String, List)}, and for an
     *                                  invalid or duplicate NKey, or a {@code no_auth_user} that is not configured
     */
    public Authenticator(
            String token,
            String user,
            String password,
            List<AuthUser> users,
            List<AuthNKeyUser> nkeyUsers,
            String noAuthUser) {
        this(token, user, password, users, nkeyUsers, noAuthUser, false);
    }

    /**
     * The full form: NKey users, {@code no_auth_user} and, with {@code mapCertificates} ({@code tls {
     * verify_and_map }}), users identified by their client certificate instead of their credentials.
     */
    public Authenticator(
            String token,
            String user,
            String password,
            List<AuthUser> users,
            List<AuthNKeyUser> nkeyUsers,
            String noAuthUser,
            boolean mapCertificates) {
        this(token, user, password, users, nkeyUsers, noAuthUser, mapCertificates, null);
    }

    /**
     * As the full form, in operator mode when {@code operator} is not null: every client then authenticates with a
     * user JWT checked by the {@link OperatorTrust}, and configured users are refused as nats-server refuses them.
     *
     * @throws IllegalArgumentException as the full form, and for users or a token next to an operator
     */
    public Authenticator(
            String token,
            String user,
            String password,
            List<AuthUser> users,
            List<AuthNKeyUser> nkeyUsers,
            String noAuthUser,
            boolean mapCertificates,
            OperatorTrust operator) {
        if (operator != null
                && ((user != null && !user.isEmpty())
                        || (users != null && !users.isEmpty())
                        || (nkeyUsers != null && !nkeyUsers.isEmpty()))) {
            throw new IllegalArgumentException("operators do not allow users to be configured directly");
        }
        this.operator = operator;
        boolean hasToken = token != null && !token.isEmpty();
        boolean hasUser = user != null && !user.isEmpty();
        boolean hasUsers = users != null && !users.isEmpty();
        boolean hasNKeys = nkeyUsers != null && !nkeyUsers.isEmpty();
        if (hasToken && (hasUser || hasUsers || hasNKeys)) {
            throw new IllegalArgumentException("token authentication can not be combined with users");
        }
        if (hasUser && hasUsers) {
            throw new IllegalArgumentException("can not have a single user/pass and a users array");
        }
        if (hasUser && password == null) {
            throw new IllegalArgumentException("user " + user + " has no password");
        }
        this.token = hasToken ? token : null;
        Map<String, Account> byName = new HashMap<>();
        if (hasUser) {
            byName.put(user, new Account(password, Permissions.ALLOW_ALL));
        }
        if (hasUsers) {
            for (AuthUser config : users) {
                Account account = new Account(config.password(), Permissions.compile(config.permissions()));
                if (byName.putIfAbsent(config.user(), account) != null) {
                    throw new IllegalArgumentException("duplicate user " + config.user());
                }
            }
        }
        Map<String, NKeyAccount> byKey = new HashMap<>();
        if (hasNKeys) {
            for (AuthNKeyUser config : nkeyUsers) {
                NKeyAccount account = new NKeyAccount(
                        NKeyVerifier.ofUserKey(config.nkey()), Permissions.compile(config.permissions()));
                if (byKey.putIfAbsent(config.nkey(), account) != null || byName.containsKey(config.nkey())) {
                    throw new IllegalArgumentException("duplicate nkey " + config.nkey());
                }
            }
        }
        if (noAuthUser != null && !noAuthUser.isEmpty()) {
            if (!hasUsers && !hasNKeys) {
                throw new IllegalArgumentException(
                        "no_auth_user: \"" + noAuthUser + "\" present, but users/nkeys are not defined");
            }
            if (!(hasUsers && byName.containsKey(noAuthUser)) && !byKey.containsKey(noAuthUser)) {
                throw new IllegalArgumentException("no_auth_user: \"" + noAuthUser
                        + "\" not present as user or nkey in authorization block or account configuration");
            }
        }
        this.accounts = Map.copyOf(byName);
        this.nkeys = Map.copyOf(byKey);
        this.noAuthUser = noAuthUser == null || noAuthUser.isEmpty() ? null : noAuthUser;
        this.mapCertificates = mapCertificates;
    }

    /** The operator trust in operator mode, else {@code null}. */
    public OperatorTrust operator() {
        return operator;
    }

    /** True when users are identified by their TLS client certificate ({@code verify_and_map} with users). */
    public boolean mapsCertificates() {
        return mapCertificates && !accounts.isEmpty();
    }

    /**
     * Authenticates a client by its certificate ({@code verify_and_map}): the user its SAN e-mail, DNS name, URI or
     * subject names, as {@code nats-server} maps it; denied when none does or there is no certificate.
     */
    public AuthResult authenticateCertificate(X509Certificate certificate) {
        return CertificateUserMapping.user(certificate, accounts.keySet())
                .map(name -> AuthResult.authenticated(name, accounts.get(name).permissions))
                .orElse(AuthResult.denied());
    }

    /**
     * Whether {@code identity} is a configured user name or NKey (after a configuration reload, a connection
     * whose user is no longer known is closed, as in {@code nats-server}).
     */
    public boolean knows(String identity) {
        return identity != null && (accounts.containsKey(identity) || nkeys.containsKey(identity));
    }

    /** True when clients must present credentials. */
    public boolean required() {
        return operator != null || token != null || !accounts.isEmpty() || !nkeys.isEmpty();
    }

    /** True when INFO must carry a nonce for NKey users to sign, as in nats-server: when NKey users exist. */
    public boolean nonceRequired() {
        return operator != null || !nkeys.isEmpty();
    }

    /** A fresh nonce as nats-server makes them: 11 random bytes, base64url without padding (15 characters). */
    public static String newNonce() {
        byte[] raw = new byte[NONCE_BYTES];
        NONCES.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * Authenticates the credentials of a CONNECT ({@code user}, {@code pass}, {@code auth_token}; each may be
     * null). Without configured authentication every client is accepted with all permissions.
     */
    public AuthResult authenticate(String user, String pass, String authToken) {
        return authenticate(Credentials.of(user, pass, authToken));
    }

    /**
     * Authenticates a CONNECT in nats-server's order: a presented NKey (or the NKey {@code no_auth_user} of a
     * client without credentials) with its signature of the nonce, else a user of the users list (or the user
     * {@code no_auth_user}), else the token or single user. Without configured authentication every client is
     * accepted with all permissions.
     */
    public AuthResult authenticate(Credentials c) {
        if (operator != null) {
            return operator.authenticate(c);
        }
        if (!required()) {
            return AuthResult.allowAll();
        }
        String nkey = c.nkey();
        if (!nkeys.isEmpty()) {
            if (noAuthUser != null && c.noneGiven() && Credentials.isEmpty(nkey) && nkeys.containsKey(noAuthUser)) {
                nkey = noAuthUser;
            }
            if (!Credentials.isEmpty(nkey)) {
                NKeyAccount account = nkeys.get(nkey);
                if (account == null) {
                    return AuthResult.denied();
                }
                if (!nkey.equals(noAuthUser) && !account.verifier.verifies(c.nonce(), c.sig())) {
                    return AuthResult.denied();
                }
                return AuthResult.authenticated(nkey, account.permissions);
            }
        }
        String user = c.user();
        String pass = c.pass();
        if (!accounts.isEmpty()) {
            if (noAuthUser != null && c.noneGiven() && accounts.containsKey(noAuthUser)) {
                user = noAuthUser;
                // as nats-server: the configured password stands in for the presented one
                pass = accounts.get(noAuthUser).password;
            }
            if (!Credentials.isEmpty(user)) {
                Account account = accounts.get(user);
                if (account == null || account.password == null || !secretMatches(account.password, pass)) {
                    return AuthResult.denied();
                }
                return AuthResult.authenticated(user, account.permissions);
            }
        }
        if (token != null) {
            return secretMatches(token, c.authToken()) ? AuthResult.allowAll() : AuthResult.denied();
        }
        return AuthResult.denied();
    }

    private static boolean secretMatches(String configured, String presented) {
        String candidate = presented == null ? "" : presented;
        if (BcryptSecret.isBcrypt(configured)) {
            return BcryptSecret.matches(configured, candidate);
        }
        return MessageDigest.isEqual(
                candidate.getBytes(StandardCharsets.UTF_8), configured.getBytes(StandardCharsets.UTF_8));
    }

    private record Account(String password, Permissions permissions) {}

    private record NKeyAccount(NKeyVerifier verifier, Permissions permissions) {}
}
