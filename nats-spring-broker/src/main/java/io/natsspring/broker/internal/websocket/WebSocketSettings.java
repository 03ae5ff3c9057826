package io.natsspring.broker.internal.websocket;

import io.natsspring.broker.internal.tls.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket listener's settings, checked already.
 *
 * @param host             interface to bind
 * @param port             port to bind, 0 for a free one
 * @param advertise        the advertised {@code host:port}, {@code null} for none
 * @param tls              the listener's TLS, {@code null} for plain text ({@code no_tls})
 * @param sameOrigin       refuse an {@code Origin} other than the request's own
 * @param allowedOrigins   the only origins accepted (empty: any)
 * @param compression      negotiate {@code permessage-deflate}
 * @param handshakeTimeout the configured handshake timeout, {@code null} for the default
 * @param headers          extra headers of the upgrade response
 * @param jwtCookie        cookie names whose values stand in for the CONNECT's credentials ({@code null}: none)
 * @param noAuthUser       the override's {@code no_auth_user} (shown in {@code /varz}), {@code null} for none
 * @param tlsMap           whether the TLS block maps certificates to users (shown in {@code /varz})
 * @param authOverride     whether its {@code authorization} block overrides the server's (INFO's
 *                         {@code auth_required})
 */
public record WebSocketSettings(
        String host,
        int port,
        String advertise,
        ClientTls tls,
        boolean sameOrigin,
        List<String> allowedOrigins,
        boolean compression,
        Duration handshakeTimeout,
        Map<String, String> headers,
        String jwtCookie,
        String userCookie,
        String passwordCookie,
        String tokenCookie,
        String noAuthUser,
        boolean tlsMap,
        boolean authOverride) {

    /** The handshake timeout when none is configured: bounded, as every wait in this broker. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    public WebSocketSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        headers = Map.copyOf(headers);
    }

    /** The timeout in force. */
    Duration effectiveHandshakeTimeout() {
        return handshakeTimeout == null ? DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout;
    }
}
