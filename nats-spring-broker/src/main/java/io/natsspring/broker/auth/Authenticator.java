package io.natsspring.broker.auth;

import java.util.List;

/** TEMPORARY STUB (replaced by the auth branch). */
public final class Authenticator {
    private final String token;
    public Authenticator(String token, String user, String password, List<UserConfig> users) { this.token = token; }
    public boolean required() { return token != null; }
    public AuthResult authenticate(String user, String pass, String authToken) {
        boolean ok = token == null || token.equals(authToken);
        return new AuthResult(ok, user, Permissions.ALLOW_ALL);
    }
}
