package io.natsspring.broker;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The WebSocket listener, as {@code nats-server}'s {@code websocket { }} block: browser and mobile clients speak the
 * NATS protocol inside WebSocket frames, with the same authentication, accounts and permissions as TCP clients.
 * TLS ({@link #tls()}) is required unless {@link #noTls()}. {@code same_origin} and {@code allowed_origins} refuse
 * upgrades from other web origins with HTTP 403; {@code compression} negotiates {@code permessage-deflate}; the
 * {@code authorization} override (a single user, or a token, and a {@code no_auth_user}) replaces the server's for
 * WebSocket clients; the cookie names let a browser carry its credentials in cookies. Create with {@link #builder()}.
 */
public final class WebSocketConfig {

    private final String host;
    private final int port;
    private final String advertise;
    private final boolean noTls;
    private final TlsConfig tls;
    private final boolean sameOrigin;
    private final List<String> allowedOrigins;
    private final boolean compression;
    private final Duration handshakeTimeout;
    private final String user;
    private final String password;
    private final String token;
    private final Duration authTimeout;
    private final String noAuthUser;
    private final String jwtCookie;
    private final String userCookie;
    private final String passwordCookie;
    private final String tokenCookie;
    private final Map<String, String> headers;

    private WebSocketConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.advertise = b.advertise;
        this.noTls = b.noTls;
        this.tls = b.tls;
        this.sameOrigin = b.sameOrigin;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.compression = b.compression;
        this.handshakeTimeout = b.handshakeTimeout;
        this.user = b.user;
        this.password = b.password;
        this.token = b.token;
        this.authTimeout = b.authTimeout;
        this.noAuthUser = b.noAuthUser;
        this.jwtCookie = b.jwtCookie;
        this.userCookie = b.userCookie;
        this.passwordCookie = b.passwordCookie;
        this.tokenCookie = b.tokenCookie;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Interface to bind; {@code null}: the client port's host. */
    public String host() {
        return host;
    }

    /** Port to listen on; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** The {@code host:port} advertised to clients ({@code advertise}), {@code null} for none. */
    public String advertise() {
        return advertise;
    }

    /** Plain-text WebSocket ({@code no_tls: true}), which {@code nats-server} warns is not for production. */
    public boolean noTls() {
        return noTls;
    }

    /** TLS of the listener ({@code wss://}); {@code null} with {@link #noTls()}. */
    public TlsConfig tls() {
        return tls;
    }

    /** Refuse an {@code Origin} that is not the request's own scheme, host and port. */
    public boolean sameOrigin() {
        return sameOrigin;
    }

    /** The only origins ({@code scheme://host[:port]}) accepted; empty accepts any. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Whether {@code permessage-deflate} is negotiated with clients that offer it. */
    public boolean compression() {
        return compression;
    }

    /** How long a client has for the TLS and HTTP upgrade handshakes; {@code null}: the default (2 s). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The single user of the {@code authorization} override, {@code null} for none. */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The token of the {@code authorization} override, {@code null} for none. */
    public String token() {
        return token;
    }

    /** The {@code authorization { timeout }} of WebSocket clients; {@code null}: the server's. */
    public Duration authTimeout() {
        return authTimeout;
    }

    /** The user (of the server's users) that WebSocket clients without credentials connect as. */
    public String noAuthUser() {
        return noAuthUser;
    }

    public String jwtCookie() {
        return jwtCookie;
    }

    public String userCookie() {
        return userCookie;
    }

    public String passwordCookie() {
        return passwordCookie;
    }

    public String tokenCookie() {
        return tokenCookie;
    }

    /** Extra headers of the upgrade response ({@code headers { }}). */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Whether the {@code authorization} block overrides the server's authentication for WebSocket clients, as in
     * {@code nats-server}: when it names a user, a token or a {@code no_auth_user}.
     */
    public boolean authOverride() {
        return notEmpty(user) || notEmpty(token) || notEmpty(noAuthUser);
    }

    /** Whether {@code other} differs only in its TLS material (what a configuration reload may change). */
    boolean sameExceptTls(WebSocketConfig other) {
        return other != null
                && Objects.equals(host, other.host)
                && port == other.port
                && Objects.equals(advertise, other.advertise)
                && noTls == other.noTls
                && (tls == null) == (other.tls == null)
                && sameOrigin == other.sameOrigin
                && allowedOrigins.stream()
                        .sorted()
                        .toList()
                        .equals(other.allowedOrigins.stream().sorted().toList())
                && compression == other.compression
                && Objects.equals(handshakeTimeout, other.handshakeTimeout)
                && Objects.equals(user, other.user)
                && Objects.equals(password, other.password)
                && Objects.equals(token, other.token)
                && Objects.equals(authTimeout, other.authTimeout)
                && Objects.equals(noAuthUser, other.noAuthUser)
                && Objects.equals(jwtCookie, other.jwtCookie)
                && Objects.equals(userCookie, other.userCookie)
                && Objects.equals(passwordCookie, other.passwordCookie)
                && Objects.equals(tokenCookie, other.tokenCookie)
                && headers.equals(other.headers);
    }

    @Override
    public String toString() {
        return "{Host:" + (host == null ? "" : host) + " Port:" + port + " NoTLS:" + noTls + " SameOrigin:" + sameOrigin
                + " AllowedOrigins:" + allowedOrigins + " Compression:" + compression + "}";
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** Builds a {@link WebSocketConfig}; {@link #build()} checks it as {@code nats-server} validates its options. */
    public static final class Builder {
        private String host;
        private int port;
        private String advertise;
        private boolean noTls;
        private TlsConfig tls;
        private boolean sameOrigin;
        private List<String> allowedOrigins = new ArrayList<>();
        private boolean compression;
        private Duration handshakeTimeout;
        private String user;
        private String password;
        private String token;
        private Duration authTimeout;
        private String noAuthUser;
        private String jwtCookie;
        private String userCookie;
        private String passwordCookie;
        private String tokenCookie;
        private Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("websocket port must be between 0 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        public Builder advertise(String advertise) {
            this.advertise = advertise;
            return this;
        }

        public Builder noTls(boolean noTls) {
            this.noTls = noTls;
            return this;
        }

        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        public Builder sameOrigin(boolean sameOrigin) {
            this.sameOrigin = sameOrigin;
            return this;
        }

        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = new ArrayList<>(origins);
            return this;
        }

        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder authTimeout(Duration timeout) {
            this.authTimeout = timeout;
            return this;
        }

        public Builder noAuthUser(String noAuthUser) {
            this.noAuthUser = noAuthUser;
            return this;
        }

        public Builder jwtCookie(String name) {
            this.jwtCookie = name;
            return this;
        }

        public Builder userCookie(String name) {
            this.userCookie = name;
            return this;
        }

        public Builder passwordCookie(String name) {
            this.passwordCookie = name;
            return this;
        }

        public Builder tokenCookie(String name) {
            this.tokenCookie = name;
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = new LinkedHashMap<>(headers);
            return this;
        }

        /**
         * @throws IllegalArgumentException with {@code nats-server}'s text: no TLS without {@code no_tls}, an allowed
         *                                  origin that is not an absolute http(s) URL, a header the upgrade sets
         *                                  itself, a timeout that is not positive
         */
        public WebSocketConfig build() {
            if (tls == null && !noTls) {
                throw new IllegalArgumentException("websocket requires TLS configuration");
            }
            for (String origin : allowedOrigins) {
                checkOrigin(origin);
            }
            for (String key : headers.keySet()) {
                String k = key.toLowerCase(Locale.ROOT);
                if (k.equals("host")
                        || k.equals("content-length")
                        || k.equals("connection")
                        || k.equals("upgrade")
                        || k.equals("nats-no-masking")) {
                    throw new IllegalArgumentException("websocket: invalid header \"" + key + "\" not allowed");
                }
                if (k.startsWith("sec-websocket-")) {
                    throw new IllegalArgumentException(
                            "websocket: invalid header \"" + key + "\", \"Sec-WebSocket-\" prefix not allowed");
                }
            }
            if (notEmpty(user) && password == null) {
                throw new IllegalArgumentException("websocket authentication user " + user + " has no password");
            }
            positiveOrNull(handshakeTimeout, "websocket handshake_timeout");
            positiveOrNull(authTimeout, "websocket authorization timeout");
            return new WebSocketConfig(this);
        }

        private static void positiveOrNull(Duration d, String name) {
            if (d != null && (d.isZero() || d.isNegative())) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
        }

        private static void checkOrigin(String origin) {
            URI u;
            try {
                u = new URI(origin);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("unable to parse allowed origin: " + e.getMessage());
            }
            String scheme = u.getScheme();
            if (scheme == null || !u.isAbsolute()) {
                throw new IllegalArgumentException(
                        "unable to parse allowed origin: parse \"" + origin + "\": invalid URI for request");
            }
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("unable to parse allowed origin \"" + origin
                        + "\": allowed origins must be absolute URLs with http or https scheme");
            }
            if (u.getRawAuthority() == null || u.getRawAuthority().isEmpty()) {
                throw new IllegalArgumentException(
                        "unable to parse allowed origin \"" + origin + "\": host is required");
            }
        }
    }
}
