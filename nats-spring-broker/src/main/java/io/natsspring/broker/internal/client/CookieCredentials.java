package io.natsspring.broker.internal.client;

/**
 * Credentials a WebSocket client carried in cookies ({@code jwt_cookie}, {@code user_cookie}, {@code pass_cookie},
 * {@code token_cookie}); each stands in for the CONNECT field the client left empty, as in {@code nats-server}.
 * Any of them may be {@code null}.
 */
public record CookieCredentials(String jwt, String user, String pass, String token) {

    /** No cookies. */
    public static final CookieCredentials NONE = new CookieCredentials(null, null, null, null);

    /** {@code presented} unless it is empty, then the cookie's value. */
    static String or(String presented, String cookie) {
        return presented == null || presented.isEmpty() ? cookie : presented;
    }
}
