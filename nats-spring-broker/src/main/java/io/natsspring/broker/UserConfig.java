package io.natsspring.broker;

/**
 * One configured user: either a name and a password (plain text or a bcrypt hash starting with {@code $2}), or an
 * NKey user identified by its public user key ({@code U…}, see {@link #nkey(String, PermissionsConfig)}), who
 * proves it by signing the nonce of the server's INFO. Optional permissions ({@code null} means everything is
 * allowed). A user without password ({@code null}) is identified only by its TLS client certificate
 * ({@link TlsConfig#verifyAndMap()}), its name being the certificate's subject (e.g. {@code "CN=alice,O=Acme"}),
 * SAN e-mail address or DNS name.
 */
public record UserConfig(String user, String password, PermissionsConfig permissions, String nkey) {

    /**
     * @throws IllegalArgumentException for an NKey user with a user name or password, or a user with neither
     *                                  name nor NKey
     */
    public UserConfig {
        if (nkey != null) {
            if (user != null || password != null) {
                throw new IllegalArgumentException("Nkey users do not take usernames or passwords");
            }
        } else if (user == null) {
            throw new IllegalArgumentException("a user needs a user name or an nkey");
        }
    }

    /** A user identified by its TLS client certificate only. */
    public static UserConfig certificateUser(String user, PermissionsConfig permissions) {
        return new UserConfig(user, null, permissions, null);
    }

    /** A user with name, password and permissions. */
    public UserConfig(String user, String password, PermissionsConfig permissions) {
        this(user, password, permissions, null);
    }

    /** A user with name and password, allowed everything. */
    public UserConfig(String user, String password) {
        this(user, password, null, null);
    }

    /** An NKey user: {@code publicKey} is the user's public NKey ({@code U…}). */
    public static UserConfig nkey(String publicKey, PermissionsConfig permissions) {
        if (publicKey == null || publicKey.isEmpty()) {
            throw new IllegalArgumentException("an nkey user needs its public key");
        }
        return new UserConfig(null, null, permissions, publicKey);
    }

    /** True for an NKey user. */
    public boolean isNkeyUser() {
        return nkey != null;
    }
}
