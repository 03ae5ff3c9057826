package io.natsspring.broker.internal.launcher.config;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.WebSocketConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code websocket { }} as {@code nats-server} reads it: {@code listen} / {@code host} / {@code port}
 * ({@code -1} for a free port; 0 or none leaves WebSocket off, the other settings unchecked), {@code advertise},
 * {@code no_tls}, {@code tls { }}, {@code same_origin}, {@code allowed_origins}, {@code compression},
 * {@code handshake_timeout}, {@code authorization { user, password, token, timeout }}, {@code no_auth_user}, the
 * cookie names and {@code headers { }}. Any other key is an error naming file, line and key; so is
 * {@code ping_interval}, not supported yet.
 */
final class WebSocketBlock {

    private static final String BLOCK = "websocket";

    private WebSocketBlock() {}

    static void apply(ConfigEntry websocket, BrokerOptions.Builder options, List<ConfigWarning> warnings) {
        WebSocketConfig.Builder b = WebSocketConfig.builder();
        int port = 0;
        for (ConfigEntry e : EntryValues.block(websocket).entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "listen" -> {
                    HostPort hp = HostPort.of(e);
                    if (hp.host() != null) {
                        b.host(hp.host());
                    }
                    port = hp.port();
                }
                case "port" -> port = port(e);
                case "host", "net" -> b.host(EntryValues.string(e));
                case "advertise" -> b.advertise(EntryValues.string(e));
                case "no_tls" -> b.noTls(EntryValues.bool(e));
                case "tls" -> b.tls(TlsBlock.read(e, false, warnings));
                case "same_origin" -> b.sameOrigin(EntryValues.bool(e));
                case "allowed_origins", "allowed_origin", "allow_origins", "allow_origin", "origins", "origin" ->
                    b.allowedOrigins(EntryValues.strings(e));
                case "handshake_timeout" -> b.handshakeTimeout(EntryValues.positiveDuration(e));
                case "compress", "compression" -> b.compression(EntryValues.bool(e));
                case "authorization", "authentication" -> authorization(e, b);
                case "jwt_cookie" -> b.jwtCookie(EntryValues.string(e));
                case "user_cookie" -> b.userCookie(EntryValues.string(e));
                case "pass_cookie" -> b.passwordCookie(EntryValues.string(e));
                case "token_cookie" -> b.tokenCookie(EntryValues.string(e));
                case "no_auth_user" -> b.noAuthUser(EntryValues.string(e));
                case "headers" -> b.headers(headers(e));
                case "ping_interval" ->
                    throw new ConfigException(
                            e.location(),
                            "'" + e.key() + "' in " + BLOCK
                                    + " is a nats-server setting that nats-spring-broker does not support yet;"
                                    + " remove it (WebSocket clients use the server's ping_interval)");
                default -> throw SettingProblems.unknown(e, BLOCK);
            }
        }
        if (port == 0) {
            // as nats-server: without a port there is no WebSocket listener and nothing else is checked
            return;
        }
        b.port(port == -1 ? 0 : port);
        try {
            options.webSocket(b.build());
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(websocket.location(), ex.getMessage());
        }
    }

    /** A port, or {@code -1} for a free one as nats-server reads it. */
    private static int port(ConfigEntry e) {
        long p = EntryValues.integer(e);
        return p == -1 ? -1 : EntryValues.checkPort(e, p);
    }

    private static void authorization(ConfigEntry auth, WebSocketConfig.Builder b) {
        for (ConfigEntry e : EntryValues.block(auth).entries()) {
            if (e.variable()) {
                continue;
            }
            switch (EntryValues.name(e)) {
                case "user", "username" -> b.user(EntryValues.string(e));
                case "pass", "password" -> b.password(EntryValues.string(e));
                case "token" -> b.token(EntryValues.string(e));
                case "timeout" -> b.authTimeout(timeout(e));
                default -> throw SettingProblems.unknown(e, BLOCK + " authorization");
            }
        }
    }

    /** Seconds, as nats-server reads an authorization timeout (an integer or a decimal). */
    private static Duration timeout(ConfigEntry e) {
        return EntryValues.positiveDuration(e);
    }

    private static Map<String, String> headers(ConfigEntry e) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (ConfigEntry h : EntryValues.block(e).entries()) {
            if (h.variable()) {
                continue;
            }
            if (!(h.value() instanceof ConfigString s)) {
                throw EntryValues.invalid(
                        h,
                        "error parsing header key " + h.key() + ": unsupported type "
                                + h.value().describe());
            }
            headers.put(h.key(), s.value());
        }
        return headers;
    }
}
