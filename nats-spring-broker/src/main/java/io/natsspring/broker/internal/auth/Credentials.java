package io.natsspring.broker.internal.auth;

/**
 * What a CONNECT presents for authentication ({@code user}, {@code pass}, {@code auth_token}, {@code nkey},
 * {@code sig}, {@code jwt}; each may be null), the nonce this connection's INFO carried ({@code null} when none was
 * sent), the client's IP address (for a user JWT's {@code src}; may be null) and its connection type as a user
 * JWT's {@code allowed_connection_types} names it ({@link #STANDARD} or {@link #WEBSOCKET}).
 */
public record Credentials(
        String user,
        String pass,
        String authToken,
        String nkey,
        String sig,
        String nonce,
        String jwt,
        String clientIp,
        String connectionType) {

    /** A client connected over TCP. */
    public static final String STANDARD = "STANDARD";

    /** A client connected over WebSocket. */
    public static final String WEBSOCKET = "WEBSOCKET";

    /** Credentials of a TCP ({@link #STANDARD}) client. */
    public Credentials(
            String user,
            String pass,
            String authToken,
            String nkey,
            String sig,
            String nonce,
            String jwt,
            String clientIp) {
        this(user, pass, authToken, nkey, sig, nonce, jwt, clientIp, STANDARD);
    }

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
