package io.natsspring.broker;

import java.util.Objects;

/**
 * One configured user: a name, a password (plain text or a bcrypt hash starting with {@code $2}) and
 * optional permissions ({@code null} means everything is allowed). A user without password ({@code null}) is
 * identified only by its TLS client certificate ({@link TlsConfig#verifyAndMap()}), its name being the
 * certificate's subject (e.g. {@code "CN=alice,O=Acme"}), SAN e-mail address or DNS name.
 */
public record UserConfig(String user, String password, PermissionsConfig permissions) {

    public UserConfig {
        Objects.requireNonNull(user, "user");
    }

    /** A user identified by its TLS client certificate only. */
    public static UserConfig certificateUser(String user, PermissionsConfig permissions) {
        return new UserConfig(user, null, permissions);
    }

    public UserConfig(String user, String password) {
        this(user, password, null);
    }
}
