package io.natsspring.broker.internal.websocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code same_origin} and {@code allowed_origins} as {@code nats-server} checks them: a request without
 * {@code Origin} (nor {@code Sec-WebSocket-Origin}) is accepted; otherwise its scheme, host and port (80 or 443
 * when absent) must be the request's own with {@code same_origin}, and one of the allowed ones when the list is not
 * empty.
 */
final class OriginPolicy {

    private final boolean sameOrigin;
    /** Allowed origins by lower-cased host: scheme and port. */
    private final Map<String, List<String[]>> allowed = new HashMap<>();

    OriginPolicy(boolean sameOrigin, List<String> allowedOrigins) {
        this.sameOrigin = sameOrigin;
        for (String origin : allowedOrigins) {
            try {
                URI u = new URI(origin);
                String[] hp = hostAndPort("https".equals(u.getScheme()), u.getRawAuthority());
                allowed.computeIfAbsent(hp[0], h -> new ArrayList<>()).add(new String[] {u.getScheme(), hp[1]});
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException("unable to parse allowed origin: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Why the upgrade is refused ({@code "not same origin"}, {@code "not in the allowed list"} or a parse error),
     * {@code null} when accepted.
     *
     * @param origin the {@code Origin} header, else {@code Sec-WebSocket-Origin}, or {@code null}
     * @param host   the request's {@code Host} header
     * @param tls    whether the request came over TLS
     */
    String refusal(String origin, String host, boolean tls) {
        if (!sameOrigin && allowed.isEmpty()) {
            return null;
        }
        if (origin == null || origin.isEmpty()) {
            return null;
        }
        URI u;
        String[] o;
        try {
            u = new URI(origin);
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return "parse \"" + origin + "\": invalid URI for request";
            }
            o = hostAndPort("https".equals(u.getScheme()), u.getRawAuthority());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return e.getMessage();
        }
        if (sameOrigin) {
            String[] r = hostAndPort(tls, host == null ? "" : host);
            String scheme = tls ? "https" : "http";
            if (!o[0].equals(r[0]) || !o[1].equals(r[1]) || !u.getScheme().equalsIgnoreCase(scheme)) {
                return "not same origin";
            }
        }
        if (!allowed.isEmpty()) {
            for (String[] a : allowed.getOrDefault(o[0], List.of())) {
                if (a[0].equals(u.getScheme()) && a[1].equals(o[1])) {
                    return null;
                }
            }
            return "not in the allowed list";
        }
        return null;
    }

    /** Host (lower case) and port of {@code host[:port]}; the scheme's default port when absent. */
    private static String[] hostAndPort(boolean tls, String hostPort) {
        String host = hostPort;
        String port = null;
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("address " + hostPort + ": missing ']' in address");
            }
            host = hostPort.substring(1, end);
            if (end + 1 < hostPort.length() && hostPort.charAt(end + 1) == ':') {
                port = hostPort.substring(end + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                if (hostPort.indexOf(':') != colon) {
                    throw new IllegalArgumentException("address " + hostPort + ": too many colons in address");
                }
                host = hostPort.substring(0, colon);
                port = hostPort.substring(colon + 1);
            }
        }
        if (port == null) {
            port = tls ? "443" : "80";
        }
        return new String[] {host.toLowerCase(Locale.ROOT), port};
    }
}
