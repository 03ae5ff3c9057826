package io.natsspring.broker.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the credentials of a client's CONNECT against the configured token, single user or users list, as
 * {@code nats-server} does. Configured secrets may be bcrypt hashes (anything that starts like
 * {@code $2a$NN$}, {@code $2b$}, {@code $2x$} or {@code $2y$}); other secrets are compared in constant time.
 * Each user's permissions are compiled once and shared by its connections. Immutable and thread-safe. bcrypt verification is deliberately slow (cost 10 takes about 0.1 s here), so
 * callers may want to run {@link #authenticate} off the I/O thread.
 */
public final class Authenticator {

    private final String token;
    private final Map<String, Account> accounts;
    private final boolean mapCertificates;

    /**
     * Configures authentication; when the token, the user and the users list are all null or empty, no
     * authentication is required.
     *
     * @throws IllegalArgumentException for a token combined with users, a single user combined with a users
     *                                  list, a user without password, or a user name given twice
     */
    public Authenticator(String token, String user, String password, List<AuthUser> users) {
        this(token, user, password, users, false);
    }

    /**
     * As {@link #Authenticator(String, String, String, List)}; with {@code mapCertificates} ({@code tls {
     * verify_and_map }}) the users are identified by their client certificate instead of their credentials.
     */
    public Authenticator(String token, String user, String password, List<AuthUser> users, boolean mapCertificates) {
        boolean hasToken = token != null && !token.isEmpty();
        boolean hasUser = user != null && !user.isEmpty();
        boolean hasUsers = users != null && !users.isEmpty();
        if (hasToken && (hasUser || hasUsers)) {
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
        this.accounts = Map.copyOf(byName);
        this.mapCertificates = mapCertificates;
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

    /** True when clients must present credentials. */
    public boolean required() {
        return token != null || !accounts.isEmpty();
    }

    /**
     * Authenticates the credentials of a CONNECT ({@code user}, {@code pass}, {@code auth_token}; each may be
     * null). Without configured authentication every client is accepted with all permissions.
     */
    public AuthResult authenticate(String user, String pass, String authToken) {
        if (token != null) {
            return secretMatches(token, authToken) ? AuthResult.allowAll() : AuthResult.denied();
        }
        if (accounts.isEmpty()) {
            return AuthResult.allowAll();
        }
        Account account = user == null ? null : accounts.get(user);
        if (account == null || account.password == null || !secretMatches(account.password, pass)) {
            return AuthResult.denied();
        }
        return AuthResult.authenticated(user, account.permissions);
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
}
