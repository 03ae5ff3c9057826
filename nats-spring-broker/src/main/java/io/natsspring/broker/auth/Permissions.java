package io.natsspring.broker.auth;

/** TEMPORARY STUB (replaced by the auth branch). */
public final class Permissions {
    public static final Permissions ALLOW_ALL = new Permissions();
    public static Permissions compile(PermissionsConfig c) { return ALLOW_ALL; }
    public boolean canPublish(String subject) { return true; }
    public boolean canSubscribe(String subject, String queueGroup) { return true; }
}
