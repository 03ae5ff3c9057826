package io.natsspring.broker.internal.auth;

import java.util.Objects;

/**
 * One configured NKey user as the {@link Authenticator} takes it: the public user key ({@code U…}) and permission
 * patterns ({@code null} allows everything). Translated from the embedding API's {@code UserConfig}.
 */
public record AuthNKeyUser(String nkey, PermissionPatterns permissions) {

    public AuthNKeyUser {
        Objects.requireNonNull(nkey, "nkey");
    }
}
