package io.natsspring.broker.internal.auth;

import java.util.Objects;

/**
 * Outcome of authenticating a CONNECT: whether it succeeded, the user name (null for token authentication or
 * when no authentication is configured), the permissions to enforce (null exactly when not ok) and, for a user JWT,
 * its {@link JwtSession} (null otherwise).
 */
public record AuthResult(boolean ok, String user, Permissions permissions, JwtSession jwt) {

    private static final AuthResult ALLOW_ALL = new AuthResult(true, null, Permissions.ALLOW_ALL);
    private static final AuthResult DENIED = new AuthResult(false, null, null);

    /** A result without JWT session. */
    public AuthResult(boolean ok, String user, Permissions permissions) {
        this(ok, user, permissions, null);
    }

    public AuthResult {
        if (ok) {
            Objects.requireNonNull(permissions, "permissions");
        } else if (permissions != null || user != null) {
            throw new IllegalArgumentException("a failed authentication has no user or permissions");
        }
    }

    /** Success without a user name and without restrictions. */
    public static AuthResult allowAll() {
        return ALLOW_ALL;
    }

    /** Success as {@code user} with {@code permissions}. */
    public static AuthResult authenticated(String user, Permissions permissions) {
        return new AuthResult(true, user, permissions);
    }

    /** Success of a user JWT: the user's public key, its permissions and its session details. */
    public static AuthResult authenticated(String user, Permissions permissions, JwtSession jwt) {
        return new AuthResult(true, user, permissions, jwt);
    }

    /** Failure: missing or wrong credentials. */
    public static AuthResult denied() {
        return DENIED;
    }
}
