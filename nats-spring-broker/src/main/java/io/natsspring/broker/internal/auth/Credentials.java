package io.natsspring.broker.internal.auth;

/**
 * What a CONNECT presents for authentication ({@code user}, {@code pass}, {@code auth_token}, {@code nkey},
 * {@code sig}, {@code jwt}; each may be null), the nonce this connection's INFO carried ({@code null} when none was
 * sent) and the client's IP address (for a user JWT's {@code src}; may be null).
 */
public record Credentials(
        String user,
        String pass,
        String authToken,
        String nkey,
        String sig,
        String nonce,
        String jwt,
        String clientIp) {

    /** Credentials without a user JWT. */
    public Credentials(String user, String pass, String authToken, String nkey, String sig, String nonce) {
        this(user, pass, authToken, nkey, sig, nonce, null, null);
    }

    /** Credentials without NKey parts. */
    public static Credentials of(String user, String pass, String authToken) {
        return new Credentials(user, pass, authToken, null, null, null);
    }

    /** The NKey presented, else the user name presented, else {@code null}. */
    public String identity() {
        return !isEmpty(nkey) ? nkey : !isEmpty(user) ? user : null;
    }

    boolean noneGiven() {
        return isEmpty(user) && isEmpty(pass) && isEmpty(authToken);
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
