package io.natsspring.broker.internal.auth;

import java.util.Objects;

/**
 * One configured user as the {@link Authenticator} takes it: name, password (plain or a bcrypt hash) and
 * permission patterns ({@code null} allows everything). A user without password can only be identified by
 * a TLS client certificate ({@code verify_and_map}). Translated from the embedding API's {@code UserConfig}.
 */
public record AuthUser(String user, String password, PermissionPatterns permissions) {

    public AuthUser {
        Objects.requireNonNull(user, "user");
    }
}
