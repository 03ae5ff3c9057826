package io.natsspring.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable settings of one broker. Defaults follow {@code nats-server}'s. Build with {@link #builder()}.
 */
public final class BrokerOptions {

    /** Default client port, as {@code nats-server}. */
    public static final int DEFAULT_PORT = 4222;
    /** Value of {@link #httpPort()} when monitoring is off. */
    public static final int MONITORING_DISABLED = -1;
    /** Default of {@link #jetStreamRequestQueueLimit()}, {@code nats-server}'s {@code JSDefaultRequestQueueLimit}. */
    public static final int DEFAULT_JETSTREAM_REQUEST_QUEUE_LIMIT = 10_000;
    /** Default of {@link #jetStreamIngestHeapPercent()}: a quarter of the maximum heap. */
    public static final int DEFAULT_JETSTREAM_INGEST_HEAP_PERCENT = 25;
    /** Default of {@link #systemAccount()}, as {@code nats-server}. */
    public static final String DEFAULT_SYSTEM_ACCOUNT = "$SYS";

    private final String host;
    private final int port;
    private final String serverName;
    private final int maxPayload;
    private final int maxConnections;
    private final int maxControlLine;
    private final Duration pingInterval;
    private final int maxPingsOut;
    private final Duration writeDeadline;
    private final long maxPending;
    private final Duration authTimeout;
    private final String token;
    private final String user;
    private final String password;
    private final List<UserConfig> users;
    private final String noAuthUser;
    private final int httpPort;
    private final boolean jetStream;
    private final Path storeDir;
    private final long maxMemoryStore;
    private final long maxFileStore;
    private final Duration syncInterval;
    private final boolean syncAlways;
    private final int jetStreamRequestQueueLimit;
    private final int jetStreamInfoQueueLimit;
    private final int jetStreamIngestHeapPercent;
    private final java.util.Map<String, Boolean> featureFlags;
    private final String jetStreamDomain;
    private final List<AccountConfig> accounts;
    private final TlsConfig tls;
    private final int httpsPort;
    private final String systemAccount;
    private final OperatorConfig operator;
    private final Duration lameDuckDuration;
    private final Duration lameDuckGracePeriod;
    private final LeafNodeConfig leafNodes;
    private final WebSocketConfig webSocket;

    private BrokerOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.serverName = b.serverName;
        this.maxPayload = b.maxPayload;
        this.maxConnections = b.maxConnections;
        this.maxControlLine = b.maxControlLine;
        this.pingInterval = b.pingInterval;
        this.maxPingsOut = b.maxPingsOut;
        this.writeDeadline = b.writeDeadline;
        this.maxPending = b.maxPending;
        this.authTimeout = b.authTimeout;
        this.token = b.token;
        this.user = b.user;
        this.password = b.password;
        this.users = List.copyOf(b.users);
        this.noAuthUser = b.noAuthUser;
        this.httpPort = b.httpPort;
        this.jetStream = b.jetStream;
        this.storeDir = b.storeDir;
        this.maxMemoryStore = b.maxMemoryStore;
        this.maxFileStore = b.maxFileStore;
        this.syncInterval = b.syncInterval;
        this.syncAlways = b.syncAlways;
        this.jetStreamRequestQueueLimit = b.jetStreamRequestQueueLimit;
        this.jetStreamInfoQueueLimit = b.jetStreamInfoQueueLimit;
        this.jetStreamIngestHeapPercent = b.jetStreamIngestHeapPercent;
        this.featureFlags = b.featureFlags;
        this.jetStreamDomain = b.jetStreamDomain;
        this.accounts = List.copyOf(b.accounts);
        this.tls = b.tls;
        this.httpsPort = b.httpsPort;
        this.systemAccount = b.systemAccount;
        this.operator = b.operator;
        this.lameDuckDuration = b.lameDuckDuration;
        this.lameDuckGracePeriod = b.lameDuckGracePeriod;
        this.leafNodes = b.leafNodes;
        this.webSocket = b.webSocket;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.serverName = serverName;
        b.maxPayload = maxPayload;
        b.maxConnections = maxConnections;
        b.maxControlLine = maxControlLine;
        b.pingInterval = pingInterval;
        b.maxPingsOut = maxPingsOut;
        b.writeDeadline = writeDeadline;
        b.maxPending = maxPending;
        b.authTimeout = authTimeout;
        b.token = token;
        b.user = user;
        b.password = password;
        b.users = new ArrayList<>(users);
        b.noAuthUser = noAuthUser;
        b.httpPort = httpPort;
        b.jetStream = jetStream;
        b.storeDir = storeDir;
        b.maxMemoryStore = maxMemoryStore;
        b.maxFileStore = maxFileStore;
        b.syncInterval = syncInterval;
        b.syncAlways = syncAlways;
        b.jetStreamRequestQueueLimit = jetStreamRequestQueueLimit;
        b.jetStreamInfoQueueLimit = jetStreamInfoQueueLimit;
        b.jetStreamIngestHeapPercent = jetStreamIngestHeapPercent;
        b.featureFlags = featureFlags;
        b.jetStreamDomain = jetStreamDomain;
        b.accounts = new ArrayList<>(accounts);
        b.tls = tls;
        b.httpsPort = httpsPort;
        b.systemAccount = systemAccount;
        b.operator = operator;
        b.lameDuckDuration = lameDuckDuration;
        b.lameDuckGracePeriod = lameDuckGracePeriod;
        b.leafNodes = leafNodes;
        b.webSocket = webSocket;
        return b;
    }

    /** Interface to bind, {@code 0.0.0.0} by default. */
    public String host() {
        return host;
    }
    /** Client port; {@code 0} picks a free port (see {@code NatsBroker.port()}). */
    public int port() {
        return port;
    }
    /** Server name announced in INFO; {@code null} means the server id. */
    public String serverName() {
        return serverName;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxControlLine() {
        return maxControlLine;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public int maxPingsOut() {
        return maxPingsOut;
    }
    /** How long a client's outbound writes may stay blocked before it is a slow consumer. */
    public Duration writeDeadline() {
        return writeDeadline;
    }
    /** Outbound bytes a client may have pending before it is disconnected as a slow consumer. */
    public long maxPending() {
        return maxPending;
    }
    /** Time a new client has to send CONNECT when authentication is required. */
    public Duration authTimeout() {
        return authTimeout;
    }

    public String token() {
        return token;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public List<UserConfig> users() {
        return users;
    }

    /**
     * The user name or public NKey of {@link #users()} that a client connecting without credentials is taken to
     * be ({@code no_auth_user}), or {@code null}.
     */
    public String noAuthUser() {
        return noAuthUser;
    }
    /** Monitoring HTTP port, {@link #MONITORING_DISABLED} when off, 0 for a free port. */
    public int httpPort() {
        return httpPort;
    }

    public boolean jetStream() {
        return jetStream;
    }
    /** JetStream store directory; {@code null} means a default under the temp directory. */
    public Path storeDir() {
        return storeDir;
    }
    /** JetStream memory storage limit in bytes; {@code -1} means unlimited (a share of the heap). */
    public long maxMemoryStore() {
        return maxMemoryStore;
    }
    /** JetStream file storage limit in bytes; {@code -1} means unlimited. */
    public long maxFileStore() {
        return maxFileStore;
    }
    /** Interval between fsyncs of the file store. */
    public Duration syncInterval() {
        return syncInterval;
    }

    /**
     * How long lame-duck mode takes from start to stop ({@code lame_duck_duration}, default 2 minutes): clients
     * are closed spread over it, after the {@link #lameDuckGracePeriod()}.
     */
    public Duration lameDuckDuration() {
        return lameDuckDuration;
    }

    /**
     * How long lame-duck mode waits, after announcing itself to clients, before it closes the first one ({@code
     * lame_duck_grace_period}, default 10 seconds).
     */
    public Duration lameDuckGracePeriod() {
        return lameDuckGracePeriod;
    }

    /** The {@code leafnodes} block: a leaf-node port and remotes; {@code null} when there is none. */
    public LeafNodeConfig leafNodes() {
        return leafNodes;
    }
    /** Whether the file store fsyncs on every append. */
    public boolean syncAlways() {
        return syncAlways;
    }
    /**
     * Most JetStream API requests waiting to be handled ({@code jetstream.request_queue_limit}, 10,000 as in
     * {@code nats-server}); when reached, the waiting requests are dropped and an advisory is published.
     */
    public int jetStreamRequestQueueLimit() {
        return jetStreamRequestQueueLimit;
    }

    /**
     * Most JetStream info requests waiting to be handled ({@code jetstream.info_queue_limit}): account, stream and
     * consumer info, names and lists, counted apart from the other requests; by default (as in {@code nats-server})
     * the {@link #jetStreamRequestQueueLimit()}.
     */
    public int jetStreamInfoQueueLimit() {
        return jetStreamInfoQueueLimit > 0 ? jetStreamInfoQueueLimit : jetStreamRequestQueueLimit;
    }

    /**
     * The share of the maximum heap, in percent, that JetStream publishes queued for their stream's writer or being
     * stored may take together ({@code jetstream.ingest_heap_percent}, this broker's own key: {@code nats-server}
     * bounds its ingest per stream only); past it a publish is refused with {@code 429} as one past its stream's own
     * bound. 1 to 90, default {@value #DEFAULT_JETSTREAM_INGEST_HEAP_PERCENT}; never more than 1 GiB.
     */
    public int jetStreamIngestHeapPercent() {
        return jetStreamIngestHeapPercent;
    }

    /**
     * The {@code feature_flags} set in the configuration (default none): {@code nats-server}'s capability switches,
     * reported in {@code /varz} and the {@code $SYS} server identity over their defaults; they change nothing else
     * on this single server. Flags {@code nats-server} 2.15.1 does not know are not reported.
     */
    public java.util.Map<String, Boolean> featureFlags() {
        return featureFlags;
    }

    /**
     * The JetStream domain ({@code jetstream.domain}), {@code null} when none: the API answers under {@code
     * $JS.<domain>.API} too and across leaf-node links, as in {@code nats-server}.
     */
    public String jetStreamDomain() {
        return jetStreamDomain;
    }

    /** The configured accounts besides the global {@code $G} (see {@link AccountConfig}). */
    public List<AccountConfig> accounts() {
        return accounts;
    }

    /** TLS of the client port ({@code tls { ... }}), {@code null} for plain text. */
    public TlsConfig tls() {
        return tls;
    }

    /** Monitoring HTTPS port ({@code https_port}, with the {@link #tls()} material), or {@link #MONITORING_DISABLED}. */
    public int httpsPort() {
        return httpsPort;
    }

    /**
     * The system account ({@code system_account}, {@value #DEFAULT_SYSTEM_ACCOUNT} by default, created implicitly
     * when no configured account has that name): its internal subscribers answer {@code $SYS.REQ.…} requests and it
     * receives the server's events.
     */
    public String systemAccount() {
        return systemAccount;
    }

    /** Operator mode (decentralized JWT authentication), or {@code null} when off. */
    /** The WebSocket listener ({@code websocket { }}), {@code null} for none. */
    public WebSocketConfig webSocket() {
        return webSocket;
    }

    public OperatorConfig operator() {
        return operator;
    }

    /** True when any form of authentication is configured. */
    public boolean authRequired() {
        return operator != null
                || (token != null && !token.isEmpty())
                || (user != null && !user.isEmpty())
                || !users.isEmpty()
                || accounts.stream().anyMatch(a -> !a.users().isEmpty());
    }

    /** Mutable builder of {@link BrokerOptions}. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String serverName;
        private int maxPayload = 1024 * 1024;
        private int maxConnections = 64 * 1024;
        private int maxControlLine = 4096;
        private Duration pingInterval = Duration.ofMinutes(2);
        private int maxPingsOut = 2;
        private Duration writeDeadline = Duration.ofSeconds(10);
        private long maxPending = 64L * 1024 * 1024;
        private Duration authTimeout = Duration.ofSeconds(2);
        private String token;
        private String user;
        private String password;
        private List<UserConfig> users = new ArrayList<>();
        private String noAuthUser;
        private int httpPort = MONITORING_DISABLED;
        private boolean jetStream;
        private Path storeDir;
        private long maxMemoryStore = -1;
        private long maxFileStore = -1;
        private Duration syncInterval = Duration.ofMinutes(2);
        private Duration lameDuckDuration = Duration.ofMinutes(2);
        private Duration lameDuckGracePeriod = Duration.ofSeconds(10);
        private LeafNodeConfig leafNodes;
        private boolean syncAlways;
        private int jetStreamRequestQueueLimit = DEFAULT_JETSTREAM_REQUEST_QUEUE_LIMIT;
        private int jetStreamInfoQueueLimit;
        private int jetStreamIngestHeapPercent = DEFAULT_JETSTREAM_INGEST_HEAP_PERCENT;
        private java.util.Map<String, Boolean> featureFlags = java.util.Map.of();
        private String jetStreamDomain;
        private List<AccountConfig> accounts = new ArrayList<>();
        private TlsConfig tls;
        private int httpsPort = MONITORING_DISABLED;
        private String systemAccount = DEFAULT_SYSTEM_ACCOUNT;
        private OperatorConfig operator;
        private WebSocketConfig webSocket;

        private Builder() {}

        /**
         * Names the system account ({@code system_account}); {@code null} or empty restores the default
         * {@value BrokerOptions#DEFAULT_SYSTEM_ACCOUNT}. Any other name must be one of the {@link #accounts}.
         */
        public Builder systemAccount(String systemAccount) {
            this.systemAccount =
                    systemAccount == null || systemAccount.isEmpty() ? DEFAULT_SYSTEM_ACCOUNT : systemAccount;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            this.port = checkPort(port, "port");
            return this;
        }

        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        public Builder maxPayload(int maxPayload) {
            this.maxPayload = positive(maxPayload, "max_payload");
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = positive(maxConnections, "max_connections");
            return this;
        }

        public Builder maxControlLine(int maxControlLine) {
            this.maxControlLine = positive(maxControlLine, "max_control_line");
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = positive(pingInterval, "ping_interval");
            return this;
        }

        public Builder maxPingsOut(int maxPingsOut) {
            this.maxPingsOut = positive(maxPingsOut, "ping_max");
            return this;
        }

        public Builder writeDeadline(Duration writeDeadline) {
            this.writeDeadline = positive(writeDeadline, "write_deadline");
            return this;
        }

        public Builder maxPending(long maxPending) {
            this.maxPending = positive(maxPending, "max_pending");
            return this;
        }

        public Builder authTimeout(Duration authTimeout) {
            this.authTimeout = positive(authTimeout, "auth_timeout");
            return this;
        }

        public Builder token(String token) {
            this.token = token;
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

        public Builder users(List<UserConfig> users) {
            this.users = new ArrayList<>(users);
            return this;
        }

        /** The user (name or public NKey of a configured user) that clients without credentials connect as. */
        public Builder noAuthUser(String noAuthUser) {
            this.noAuthUser = noAuthUser == null || noAuthUser.isEmpty() ? null : noAuthUser;
            return this;
        }

        public Builder addUser(UserConfig user) {
            this.users.add(Objects.requireNonNull(user));
            return this;
        }

        /** The accounts besides the global {@code $G}; their users log in to them. */
        public Builder accounts(List<AccountConfig> accounts) {
            this.accounts = new ArrayList<>(accounts);
            return this;
        }

        public Builder addAccount(AccountConfig account) {
            this.accounts.add(Objects.requireNonNull(account));
            return this;
        }

        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort == MONITORING_DISABLED ? httpPort : checkPort(httpPort, "http_port");
            return this;
        }

        public Builder jetStream(boolean jetStream) {
            this.jetStream = jetStream;
            return this;
        }

        public Builder storeDir(Path storeDir) {
            this.storeDir = storeDir;
            return this;
        }

        public Builder maxMemoryStore(long bytes) {
            this.maxMemoryStore = bytes;
            return this;
        }

        public Builder maxFileStore(long bytes) {
            this.maxFileStore = bytes;
            return this;
        }

        public Builder syncInterval(Duration syncInterval) {
            this.syncInterval = positive(syncInterval, "sync_interval");
            return this;
        }

        /**
         * Lame-duck mode's duration (default 2 minutes; a configuration file asks at least 30 seconds as {@code
         * nats-server}, the API takes any positive duration).
         */
        public Builder lameDuckDuration(Duration duration) {
            this.lameDuckDuration = positive(duration, "lame_duck_duration");
            return this;
        }

        /** Lame-duck mode's grace period (default 10 seconds; zero or more, below the duration). */
        public Builder lameDuckGracePeriod(Duration gracePeriod) {
            if (gracePeriod == null || gracePeriod.isNegative()) {
                throw new IllegalArgumentException("invalid lame_duck_grace_period, needs to be positive");
            }
            this.lameDuckGracePeriod = gracePeriod;
            return this;
        }

        /** The {@code leafnodes} block ({@code null}: none). */
        public Builder leafNodes(LeafNodeConfig leafNodes) {
            this.leafNodes = leafNodes;
            return this;
        }

        public Builder syncAlways(boolean syncAlways) {
            this.syncAlways = syncAlways;
            return this;
        }

        public Builder jetStreamRequestQueueLimit(int limit) {
            this.jetStreamRequestQueueLimit = positive(limit, "request_queue_limit");
            return this;
        }

        /** See {@link BrokerOptions#featureFlags()}. */
        public Builder featureFlags(java.util.Map<String, Boolean> flags) {
            this.featureFlags = flags == null
                    ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(flags));
            return this;
        }

        /** See {@link BrokerOptions#jetStreamInfoQueueLimit()}; positive. */
        public Builder jetStreamInfoQueueLimit(int limit) {
            this.jetStreamInfoQueueLimit = positive(limit, "info_queue_limit");
            return this;
        }

        /**
         * See {@link BrokerOptions#jetStreamIngestHeapPercent()}.
         *
         * @throws IllegalArgumentException unless 1 to 90
         */
        public Builder jetStreamIngestHeapPercent(int percent) {
            if (percent < 1 || percent > 90) {
                throw new IllegalArgumentException("ingest_heap_percent must be between 1 and 90, was " + percent);
            }
            this.jetStreamIngestHeapPercent = percent;
            return this;
        }

        /**
         * The JetStream domain ({@code null} or empty: none).
         *
         * @throws IllegalArgumentException when it is not a valid name (as {@code nats-server}: no spaces, dots,
         *     wildcards or path separators)
         */
        public Builder jetStreamDomain(String domain) {
            this.jetStreamDomain = checkDomain(domain);
            return this;
        }

        /** TLS for the client port; {@code null} for plain text. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** Monitoring over HTTPS on this port (0 = a free port); needs {@link #tls(TlsConfig)}. */
        public Builder httpsPort(int httpsPort) {
            this.httpsPort = httpsPort == MONITORING_DISABLED ? httpsPort : checkPort(httpsPort, "https_port");
            return this;
        }

        /** Operator mode: users log in with JWTs of these accounts ({@code null}: off). */
        public Builder operator(OperatorConfig operator) {
            this.operator = operator;
            return this;
        }

        /** A WebSocket listener next to the client port ({@code null}: none). */
        public Builder webSocket(WebSocketConfig webSocket) {
            this.webSocket = webSocket;
            return this;
        }

        /** Validates combinations and returns the options. */
        public BrokerOptions build() {
            if (operator != null) {
                // nats-server's checks and texts (validateTrustedOperators)
                if (!accounts.isEmpty()) {
                    throw new IllegalArgumentException("operators do not allow Accounts to be configured directly");
                }
                if (user != null || !users.isEmpty()) {
                    throw new IllegalArgumentException("operators do not allow users to be configured directly");
                }
            }
            if ((user == null) != (password == null)) {
                throw new IllegalArgumentException("user and password must be set together");
            }
            if (token != null && (user != null || !users.isEmpty())) {
                throw new IllegalArgumentException("token authentication can not be combined with users");
            }
            if (user != null && !users.isEmpty()) {
                throw new IllegalArgumentException("can not have a single user/pass and a users array");
            }
            Set<String> names = new HashSet<>();
            for (UserConfig u : users) {
                String id = u.isNkeyUser() ? u.nkey() : u.user();
                if (!names.add(id)) {
                    throw new IllegalArgumentException(
                            (u.isNkeyUser() ? "Duplicate nkey \"" : "Duplicate user \"") + id + "\" detected");
                }
            }
            checkAccounts();
            if (operator == null
                    && !systemAccount.equals(DEFAULT_SYSTEM_ACCOUNT)
                    && accounts.stream().noneMatch(a -> a.name().equals(systemAccount))) {
                throw new IllegalArgumentException(
                        "error resolving system account: account missing (system_account: \"" + systemAccount + "\")");
            }
            if (noAuthUser != null) {
                if (users.isEmpty()
                        && accounts.stream().allMatch(ac -> ac.users().isEmpty())) {
                    throw new IllegalArgumentException(
                            "no_auth_user: \"" + noAuthUser + "\" present, but users/nkeys are not defined");
                }
                if (java.util.stream.Stream.concat(
                                users.stream(), accounts.stream().flatMap(ac -> ac.users().stream()))
                        .noneMatch(u -> noAuthUser.equals(u.user()) || noAuthUser.equals(u.nkey()))) {
                    throw new IllegalArgumentException("no_auth_user: \"" + noAuthUser
                            + "\" not present as user or nkey in authorization block or account configuration");
                }
            }
            if (httpsPort != MONITORING_DISABLED && httpPort != MONITORING_DISABLED) {
                throw new IllegalArgumentException(
                        "can't specify both HTTP (" + httpPort + ") and HTTPs (" + httpsPort + ") ports");
            }
            if (lameDuckGracePeriod.compareTo(lameDuckDuration) >= 0) {
                // nats-server's validateOptions
                throw new IllegalArgumentException("lame duck grace period ("
                        + goDuration(lameDuckGracePeriod)
                        + ") should be strictly lower than lame duck duration ("
                        + goDuration(lameDuckDuration) + ")");
            }
            if (httpsPort != MONITORING_DISABLED && tls == null) {
                throw new IllegalArgumentException("TLS cert and key required for HTTPS");
            }
            checkWebSocket();
            return new BrokerOptions(this);
        }

        /** nats-server's {@code validateWebsocketOptions} checks that involve the rest of the options. */
        private void checkWebSocket() {
            if (webSocket == null) {
                return;
            }
            List<UserConfig> all = new ArrayList<>(users);
            accounts.forEach(a -> all.addAll(a.users()));
            String noAuth = webSocket.noAuthUser();
            if (noAuth != null && !noAuth.isEmpty()) {
                if (all.isEmpty()) {
                    throw new IllegalArgumentException(
                            "no_auth_user: \"" + noAuth + "\" present, but users/nkeys are not defined");
                }
                if (all.stream().noneMatch(u -> noAuth.equals(u.user()) || noAuth.equals(u.nkey()))) {
                    throw new IllegalArgumentException("no_auth_user: \"" + noAuth
                            + "\" not present as user or nkey in authorization block or account configuration");
                }
            }
            if (!all.isEmpty()) {
                if (webSocket.user() != null && !webSocket.user().isEmpty()) {
                    throw new IllegalArgumentException(
                            "websocket authentication username not compatible with presence of users/nkeys");
                }
                if (webSocket.token() != null && !webSocket.token().isEmpty()) {
                    throw new IllegalArgumentException(
                            "websocket authentication token not compatible with presence of users/nkeys");
                }
            }
            if (webSocket.jwtCookie() != null && !webSocket.jwtCookie().isEmpty() && operator == null) {
                throw new IllegalArgumentException(
                        "trusted operators or trusted keys configuration is required for JWT authentication via"
                                + " cookie \"" + webSocket.jwtCookie() + "\"");
            }
        }

        private void checkAccounts() {
            java.util.Set<String> names = new java.util.HashSet<>();
            java.util.Set<String> userNames = new java.util.HashSet<>();
            users.forEach(u -> userNames.add(u.user() != null ? u.user() : u.nkey()));
            for (AccountConfig a : accounts) {
                if (!names.add(a.name())) {
                    throw new IllegalArgumentException("duplicate account '" + a.name() + "'");
                }
                if (token != null && !a.users().isEmpty()) {
                    throw new IllegalArgumentException("token authentication can not be combined with users");
                }
                for (UserConfig u : a.users()) {
                    String id = u.user() != null ? u.user() : u.nkey();
                    if (!userNames.add(id)) {
                        throw new IllegalArgumentException("duplicate user " + id);
                    }
                }
            }
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
            }
            return port;
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + v);
            }
            return v;
        }

        private static String checkDomain(String domain) {
            if (domain == null || domain.isEmpty()) {
                return null;
            }
            for (int i = 0; i < domain.length(); i++) {
                char c = domain.charAt(i);
                if (c == '.' || c == '*' || c == '>' || Character.isWhitespace(c)) {
                    throw new IllegalArgumentException(
                            "invalid domain name: may not contain ., * or > (jetstream.domain \"" + domain + "\")");
                }
            }
            return domain;
        }

        private static long positive(long v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + v);
            }
            return v;
        }

        /** {@code d} as Go prints a duration ({@code 10s}, {@code 2m0s}, {@code 1.5s}, {@code 500ms}). */
        private static String goDuration(Duration d) {
            if (d.isZero()) {
                return "0s";
            }
            long seconds = d.getSeconds();
            int nanos = d.getNano();
            if (seconds == 0) {
                return nanos % 1_000_000 == 0
                        ? nanos / 1_000_000 + "ms"
                        : nanos % 1_000 == 0 ? nanos / 1_000 + "µs" : nanos + "ns";
            }
            String fraction = "";
            if (nanos != 0) {
                fraction = String.format("%09d", nanos).replaceAll("0+$", "");
                fraction = "." + fraction;
            }
            long h = seconds / 3600;
            long m = (seconds % 3600) / 60;
            String sec = (seconds % 60) + fraction + "s";
            return h > 0 ? h + "h" + m + "m" + sec : m > 0 ? m + "m" + sec : sec;
        }

        private static Duration positive(Duration v, String name) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + v);
            }
            return v;
        }
    }
}
