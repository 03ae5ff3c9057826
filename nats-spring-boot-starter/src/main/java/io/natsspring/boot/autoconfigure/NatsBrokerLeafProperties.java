package io.natsspring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaf-node links of the embedded broker ({@code nats.broker.leaf.*}), nats-server's {@code leafnodes} block: the
 * broker as a leaf of remote hubs ({@code remotes}) — the application keeps talking to its local broker, and
 * subjects flow across the link — and as a hub that nats-server leaf nodes connect to ({@code listen},
 * {@code authorization}).
 */
public class NatsBrokerLeafProperties {

    /** Hubs the embedded broker connects to as a leaf node (nats-server's leafnodes.remotes). */
    private List<Remote> remotes = new ArrayList<>();

    /** Port where nats-server leaf nodes connect to the embedded broker (it is then their hub). */
    private final Listen listen = new Listen();

    /** What a leaf node connecting to nats.broker.leaf.listen must present. */
    private final Authorization authorization = new Authorization();

    /** Wait between connection attempts to a remote (nats-server's leafnodes.reconnect). */
    private Duration reconnectDelay = Duration.ofSeconds(1);

    public List<Remote> getRemotes() {
        return remotes;
    }

    public void setRemotes(List<Remote> remotes) {
        this.remotes = remotes;
    }

    public Listen getListen() {
        return listen;
    }

    public Authorization getAuthorization() {
        return authorization;
    }

    public Duration getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(Duration reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    /** One hub ({@code nats.broker.leaf.remotes[n].*}). */
    public static class Remote {

        /** The hub's leaf-node URL (nats-leaf://host:7422, user:password@ or token@ allowed). */
        private String url;

        /** Several URLs of the hub (a cluster), tried in turn; combined with url when both are set. */
        private List<String> urls = new ArrayList<>();

        /** Local account the link binds to; the global account $G when unset. */
        private String account;

        /** A .creds file (user JWT and NKey seed) the link authenticates with. */
        private String credentials;

        /** Subjects not taken from the hub (nats-server's deny_imports). */
        private List<String> denyImports = new ArrayList<>();

        /** Subjects not sent to the hub (nats-server's deny_exports). */
        private List<String> denyExports = new ArrayList<>();

        /** TLS of the link. */
        private final Ssl ssl = new Ssl();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public List<String> getUrls() {
            return urls;
        }

        public void setUrls(List<String> urls) {
            this.urls = urls;
        }

        public String getAccount() {
            return account;
        }

        public void setAccount(String account) {
            this.account = account;
        }

        public String getCredentials() {
            return credentials;
        }

        public void setCredentials(String credentials) {
            this.credentials = credentials;
        }

        public List<String> getDenyImports() {
            return denyImports;
        }

        public void setDenyImports(List<String> denyImports) {
            this.denyImports = denyImports;
        }

        public List<String> getDenyExports() {
            return denyExports;
        }

        public void setDenyExports(List<String> denyExports) {
            this.denyExports = denyExports;
        }

        public Ssl getSsl() {
            return ssl;
        }
    }

    /** TLS of one leaf link. */
    public static class Ssl {

        /** SSL bundle (spring.ssl.bundle.*) whose trust store verifies the hub and whose key store (if any) is the client certificate. */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        /** Whether the hub's certificate must name the URL's host (nats-server always checks it). */
        private boolean verifyHostname = true;

        /** Whether the TLS handshake comes before the hub's INFO (the hub's leafnodes tls must set handshake_first). */
        private boolean handshakeFirst;

        /** TLS handshake timeout; nats-server's 2 s when unset. */
        private Duration handshakeTimeout;

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
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

    /** The leaf-node port ({@code nats.broker.leaf.listen.*}). */
    public static class Listen {

        /** Leaf-node port; 0 picks a free one; unset: no leaf-node port. */
        private Integer port;

        /** Interface of the leaf-node port; nats.broker.host when unset. */
        private String host;

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
    }

    /** nats-server's {@code leafnodes.authorization} ({@code nats.broker.leaf.authorization.*}). */
    public static class Authorization {

        /** The single user a leaf node must log in as. */
        private String user;

        /** That user's password (plain or bcrypt). */
        private String password;

        /** Several leaf users, each possibly bound to an account. */
        private List<User> users = new ArrayList<>();

        /** Account the leaf nodes authenticated by user (or by nothing) bind to; $G when unset. */
        private String account;

        /** How long a leaf node has to send its CONNECT. */
        private Duration timeout;

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<User> getUsers() {
            return users;
        }

        public void setUsers(List<User> users) {
            this.users = users;
        }

        public String getAccount() {
            return account;
        }

        public void setAccount(String account) {
            this.account = account;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** One leaf user ({@code nats.broker.leaf.authorization.users[n].*}). */
    public static class User {

        /** User name. */
        private String user;

        /** Password (plain or bcrypt). */
        private String password;

        /** Account the leaf node binds to; the authorization's account ($G) when unset. */
        private String account;

        public String getUser() {
            return user;
        }

        public void setUser(String user) {
            this.user = user;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getAccount() {
            return account;
        }

        public void setAccount(String account) {
            this.account = account;
        }
    }
}
