package io.natsspring.broker;

import java.util.Objects;

/**
 * One configured user: a name, a password (plain text or a bcrypt hash starting with {@code $2}) and
 * optional permissions ({@code null} means everything is allowed).
 */
public record UserConfig(String user, String password, PermissionsConfig permissions) {

    public UserConfig {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    public UserConfig(String user, String password) {
        this(user, password, null);
    }
}
