package io.natsspring.broker.auth;

/** TEMPORARY STUB (replaced by the auth branch). */
public record AuthResult(boolean ok, String user, Permissions permissions) {
}
