package io.natsspring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/** The embedded broker ({@code nats.broker.*}), started in-process when the application runs in embedded mode. */
public class NatsBrokerProperties {

    /** Whether the embedded broker may start. In AUTO mode, false means remote mode. */
    private boolean enabled = true;

    /** Interface the broker listens on. 0.0.0.0 lets other machines connect. */
    private String host = "127.0.0.1";

    /** Client port; 0 picks a free port (the application's own connection finds it). */
    private int port = 0;

    /** Server name announced to clients. Defaults to spring.application.name. */
    private String serverName;

    /**
     * Directory of the JetStream file store. Defaults to ${java.io.tmpdir}/nats-spring/<spring.application.name>
     * (or .../nats-spring/application when the name is not set).
     */
    private Path storeDir;

    /**
     * JetStream of the broker: nats.broker.jetstream=true|false, or nats.broker.jetstream.enabled and
     * nats.broker.jetstream.domain.
     */
    @NestedConfigurationProperty
    private NatsBrokerJetStreamProperties jetstream = new NatsBrokerJetStreamProperties();

    /** Leaf-node links: remote hubs the broker connects to as a leaf, and a port for leaf nodes (hub mode). */
    @NestedConfigurationProperty
    private final NatsBrokerLeafProperties leaf = new NatsBrokerLeafProperties();

    /** Largest total size of memory-backed streams; unset means the broker's default. */
    private DataSize maxMemoryStore;

    /** Largest total size of file-backed streams; unset means the broker's default. */
    private DataSize maxFileStore;

    /** Largest message payload the broker accepts. */
    private DataSize maxPayload = DataSize.ofMegabytes(1);

    /** Largest number of simultaneous client connections. */
    private int maxConnections = 65536;

    /** HTTP monitoring port (/varz, /connz, /jsz, /healthz); -1 disables it, 0 picks a free port. */
    private int monitoringPort = -1;

    /** Token that clients must present; the application's own connection presents it too. */
    private String token;

    /**
     * Users of the global account that may connect, with optional permissions. The application's own connection
     * logs in as one of them (see nats.broker.app-user).
     */
    private List<User> users = new ArrayList<>();

    /** TLS of the embedded broker's client port, from a Spring Boot SSL bundle. */
    private final Ssl ssl = new Ssl();

    /**
     * Accounts by name, each with its users, exports, imports, JetStream limits and mappings (nats-server's
     * accounts block). Users of nats.broker.users belong to the global account $G.
     */
    private Map<String, NatsBrokerAccount> accounts = new LinkedHashMap<>();

    /**
     * The configured user (user name or public NKey) the application's own connection logs in as. Defaults to
     * none with a no-auth-user, else the first user of nats.broker.users, else the first user of the first
     * account. nats.username, nats.token, nats.nkey-seed or nats.credentials, when set, win.
     */
    private String appUser;

    /**
     * A nats-server configuration file the broker reads first (path, or classpath: for an unpacked class path);
     * nats.broker.* properties set explicitly override its settings, and users, accounts, token or TLS must come
     * from one side only.
     */
    private String configFile;

    /**
     * The system account (nats-server's system_account): one of nats.broker.accounts, whose users may send $SYS
     * requests and receive the server's events. Unset: the implicit $SYS account without users.
     */
    private String systemAccount;

    /**
     * Lame-duck mode's duration (nats-server's lame_duck_duration): when the application context closes, the
     * broker stops accepting clients, tells the connected ones to move elsewhere, and closes them spread over this.
     */
    private Duration lameDuckDuration = Duration.ofMinutes(2);

    /**
     * How long lame-duck mode waits after announcing itself before it closes clients (nats-server's
     * lame_duck_grace_period); at context close the shutdown waits at most this long for other clients to leave.
     */
    private Duration lameDuckGracePeriod = Duration.ofSeconds(10);

    public Duration getLameDuckDuration() {
        return lameDuckDuration;
    }

    public void setLameDuckDuration(Duration lameDuckDuration) {
        this.lameDuckDuration = lameDuckDuration;
    }

    public Duration getLameDuckGracePeriod() {
        return lameDuckGracePeriod;
    }

    public void setLameDuckGracePeriod(Duration lameDuckGracePeriod) {
        this.lameDuckGracePeriod = lameDuckGracePeriod;
    }

    public Map<String, NatsBrokerAccount> getAccounts() {
        return accounts;
    }

    public void setAccounts(Map<String, NatsBrokerAccount> accounts) {
        this.accounts = accounts;
    }

    public String getAppUser() {
        return appUser;
    }

    public void setAppUser(String appUser) {
        this.appUser = appUser;
    }

    public String getSystemAccount() {
        return systemAccount;
    }

    public void setSystemAccount(String systemAccount) {
        this.systemAccount = systemAccount;
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getServerName() {
        return serverName;
    }

    public void setServerName(String serverName) {
        this.serverName = serverName;
    }

    public Path getStoreDir() {
        return storeDir;
    }

    public void setStoreDir(Path storeDir) {
        this.storeDir = storeDir;
    }

    public NatsBrokerJetStreamProperties getJetstream() {
        return jetstream;
    }

    public void setJetstream(NatsBrokerJetStreamProperties jetstream) {
        this.jetstream = jetstream;
    }

    public NatsBrokerLeafProperties getLeaf() {
        return leaf;
    }

    public DataSize getMaxMemoryStore() {
        return maxMemoryStore;
    }

    public void setMaxMemoryStore(DataSize maxMemoryStore) {
        this.maxMemoryStore = maxMemoryStore;
    }

    public DataSize getMaxFileStore() {
        return maxFileStore;
    }

    public void setMaxFileStore(DataSize maxFileStore) {
        this.maxFileStore = maxFileStore;
    }

    public DataSize getMaxPayload() {
        return maxPayload;
    }

    public void setMaxPayload(DataSize maxPayload) {
        this.maxPayload = maxPayload;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMonitoringPort() {
        return monitoringPort;
    }

    public void setMonitoringPort(int monitoringPort) {
        this.monitoringPort = monitoringPort;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public List<User> getUsers() {
        return users;
    }

    /** User name (or public NKey) of one of the users that clients connecting without credentials become. */
    private String noAuthUser;

    public String getNoAuthUser() {
        return noAuthUser;
    }

    public void setNoAuthUser(String noAuthUser) {
        this.noAuthUser = noAuthUser;
    }

    public void setUsers(List<User> users) {
        this.users = users;
    }

    public Ssl getSsl() {
        return ssl;
    }

    /** The embedded broker's WebSocket listener ({@code nats.broker.websocket.*}). */
    private final WebSocket websocket = new WebSocket();

    public WebSocket getWebsocket() {
        return websocket;
    }

    /**
     * The embedded broker's WebSocket listener ({@code nats.broker.websocket.*}), nats-server's {@code websocket}
     * block: browser and mobile clients connect to {@code ws://} or {@code wss://} with the same users, accounts and
     * permissions as TCP clients. Off unless {@code port} is set; TLS with {@code nats.broker.ssl.bundle} unless
     * {@code no-tls}.
     */
    public static class WebSocket {

        /** Port of the WebSocket listener; 0 picks a free one; unset: no WebSocket listener. */
        private Integer port;

        /** Interface of the WebSocket listener; nats.broker.host when unset. */
        private String host;

        /**
         * Plain-text ws:// (nats-server's no_tls, not for production); otherwise wss:// with nats.broker.ssl.bundle.
         */
        private boolean noTls;

        /** Refuse upgrades whose Origin header is not the request's own scheme, host and port (HTTP 403). */
        private boolean sameOrigin;

        /** The only origins (scheme://host[:port]) accepted; empty accepts any (HTTP 403 for the others). */
        private List<String> allowedOrigins = new ArrayList<>();

        /** Negotiate permessage-deflate compression with clients that offer it. */
        private boolean compression;

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public boolean isNoTls() {
            return noTls;
        }

        public void setNoTls(boolean noTls) {
            this.noTls = noTls;
        }

        public boolean isSameOrigin() {
            return sameOrigin;
        }

        public void setSameOrigin(boolean sameOrigin) {
            this.sameOrigin = sameOrigin;
        }

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public boolean isCompression() {
            return compression;
        }

        public void setCompression(boolean compression) {
            this.compression = compression;
        }
    }

    /** Whether a client presents a certificate to the embedded broker. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for; clients without one are still accepted. */
        WANT,
        /** A client certificate signed by the bundle's trust material is required (nats-server's verify). */
        NEED
    }

    /**
     * TLS of the embedded broker ({@code nats.broker.ssl.*}): the server certificate and key from the bundle's key
     * store, the CAs for client certificates from its trust store. The application's own connection to the
     * embedded broker then uses TLS with the same bundle (trust, and its key as client certificate).
     */
    public static class Ssl {

        /** Name of the SSL bundle (spring.ssl.bundle.*) with the broker's certificate; TLS is off when unset. */
        private String bundle;

        /** Client certificates: none, want, or need (nats-server's tls verify). */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /**
         * Whether the client certificate's subject, SAN e-mail or DNS name names the user (nats-server's
         * verify_and_map; implies client-auth=need); users then need no password.
         */
        private boolean verifyAndMap;

        /** Whether the TLS handshake comes before the INFO (nats-server's handshake_first); clients must opt in. */
        private boolean handshakeFirst;

        /** How long a client has to complete the TLS handshake. */
        private Duration handshakeTimeout = Duration.ofSeconds(2);

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public ClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        public boolean isVerifyAndMap() {
            return verifyAndMap;
        }

        public void setVerifyAndMap(boolean verifyAndMap) {
            this.verifyAndMap = verifyAndMap;
        }

        public boolean isHandshakeFirst() {
            return handshakeFirst;
        }

        public void setHandshakeFirst(boolean handshakeFirst) {
            this.handshakeFirst = handshakeFirst;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }
    }

    /** One user of the embedded broker. */
    public static class User {

        /** User name. */
        private String username;

        /** Password, plain or a bcrypt hash ($2a$...). */
        private String password;

        /**
         * Public NKey of an NKey user (starts with "U"), instead of username and password; the client signs the
         * server's nonce with the matching seed (nats.nkey-seed for the application's connection).
         */
        private String nkey;

        /**
         * Seed (starts with "SU") of an NKey user, needed only by the user the application's own connection logs
         * in as; the public nkey is derived from it when not set.
         */
        private String nkeySeed;

        /**
         * Whether the user may answer requests it received (one response each within two minutes, as
         * nats-server's allow_responses: true) even without publish permission for the reply subject.
         */
        private boolean allowResponses;

        /** Subjects the user may publish to (wildcards allowed); empty allows all not denied. */
        private List<String> publishAllow = new ArrayList<>();

        /** Subjects the user may not publish to. */
        private List<String> publishDeny = new ArrayList<>();

        /** Subjects the user may subscribe to; empty allows all not denied. */
        private List<String> subscribeAllow = new ArrayList<>();

        /** Subjects the user may not subscribe to. */
        private List<String> subscribeDeny = new ArrayList<>();

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getNkey() {
            return nkey;
        }

        public void setNkey(String nkey) {
            this.nkey = nkey;
        }

        public String getNkeySeed() {
            return nkeySeed;
        }

        public void setNkeySeed(String nkeySeed) {
            this.nkeySeed = nkeySeed;
        }

        public boolean isAllowResponses() {
            return allowResponses;
        }

        public void setAllowResponses(boolean allowResponses) {
            this.allowResponses = allowResponses;
        }

        public List<String> getPublishAllow() {
            return publishAllow;
        }

        public void setPublishAllow(List<String> publishAllow) {
            this.publishAllow = publishAllow;
        }

        public List<String> getPublishDeny() {
            return publishDeny;
        }

        public void setPublishDeny(List<String> publishDeny) {
            this.publishDeny = publishDeny;
        }

        public List<String> getSubscribeAllow() {
            return subscribeAllow;
        }

        public void setSubscribeAllow(List<String> subscribeAllow) {
            this.subscribeAllow = subscribeAllow;
        }

        public List<String> getSubscribeDeny() {
            return subscribeDeny;
        }

        public void setSubscribeDeny(List<String> subscribeDeny) {
            this.subscribeDeny = subscribeDeny;
        }

        /** Whether any permission is configured. */
        public boolean hasPermissions() {
            return allowResponses
                    || !publishAllow.isEmpty()
                    || !publishDeny.isEmpty()
                    || !subscribeAllow.isEmpty()
                    || !subscribeDeny.isEmpty();
        }
    }
}
