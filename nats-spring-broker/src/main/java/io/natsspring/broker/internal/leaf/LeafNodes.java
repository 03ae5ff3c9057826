package io.natsspring.broker.internal.leaf;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.account.Accounts;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.auth.JwtAccount;
import io.natsspring.broker.internal.tls.ClientTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The leaf-node side of one server: the leaf-node port (this server as a hub) and one connector per remote (this
 * server as a leaf). Owns the open links for monitoring ({@code /leafz}). Thread-safe.
 */
public final class LeafNodes implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LeafNodes.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final char[] NUID_ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** What the links need to know of their server. */
    public record Server(
            String id,
            String name,
            String version,
            String host,
            int maxPayload,
            long pingIntervalMillis,
            int maxPingsOut,
            boolean jetStream,
            String jetStreamDomain) {

        /** A server without a JetStream domain. */
        public Server(
                String id,
                String name,
                String version,
                String host,
                int maxPayload,
                long pingIntervalMillis,
                int maxPingsOut,
                boolean jetStream) {
            this(id, name, version, host, maxPayload, pingIntervalMillis, maxPingsOut, jetStream, null);
        }
    }

    private final LeafSettings settings;
    private volatile Supplier<Map<String, Object>> traceIdentity = Map::of;
    private final Accounts accounts;
    private final Supplier<Authenticator> authenticator;
    private final Server server;
    private final Map<Long, LeafLink> links = new ConcurrentHashMap<>();
    private final Map<String, String> loopSubjects = new ConcurrentHashMap<>();
    private final List<LeafRemoteConnector> connectors = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final ClientTls tls;
    private Channel listener;
    private volatile int port = -1;
    private volatile String advertised;

    /** The server block of the message-trace events this side sends (the server's identity, sequence and time). */
    public void traceIdentity(Supplier<Map<String, Object>> identity) {
        this.traceIdentity = identity;
    }

    /** The server block for the next message-trace event. */
    Map<String, Object> traceIdentity() {
        return traceIdentity.get();
    }

    public LeafNodes(LeafSettings settings, Accounts accounts, Supplier<Authenticator> authenticator, Server server) {
        this.settings = settings;
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.server = server;
        this.tls = settings.tls() == null ? null : new ClientTls(settings.tls());
        for (LeafSettings.Remote r : settings.remotes()) {
            String name = r.account() == null ? Accounts.GLOBAL : r.account();
            if (accounts.get(name) == null) {
                throw new IllegalArgumentException("leafnode remote account \"" + name + "\" not found");
            }
        }
        LeafSettings.Authorization auth = settings.authorization();
        if (auth != null) {
            List<String> names = new ArrayList<>();
            if (auth.account() != null) {
                names.add(auth.account());
            }
            auth.users().stream().filter(u -> u.account() != null).forEach(u -> names.add(u.account()));
            for (String name : names) {
                if (accounts.get(name) == null) {
                    throw new IllegalArgumentException("leafnode authorization account \"" + name + "\" not found");
                }
            }
        }
    }

    /**
     * Opens the leaf-node port (when configured) and starts connecting to the remotes, on {@code group}.
     *
     * @throws IllegalStateException when the port can not be bound
     */
    public synchronized void start(EventLoopGroup group) {
        if (settings.listens()) {
            String host = settings.host() == null ? server.host() : settings.host();
            ChannelFuture bind = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                tls.install(ch); // upgrade after the INFO, or handshake first
                            }
                            ch.pipeline().addLast(new LeafLink(LeafNodes.this, nextId()));
                        }
                    })
                    .bind(new InetSocketAddress(host, settings.port()))
                    .awaitUninterruptibly();
            if (!bind.isSuccess()) {
                throw new IllegalStateException(
                        "Can not listen for leafnode connections on " + host + ":" + settings.port() + " ("
                                + bind.cause() + "); choose another port",
                        bind.cause());
            }
            listener = bind.channel();
            port = ((InetSocketAddress) listener.localAddress()).getPort();
            String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
            advertised = h + ":" + port;
            LOG.log(System.Logger.Level.INFO, "Listening for leafnode connections on " + host + ":" + port);
        }
        for (LeafSettings.Remote r : settings.remotes()) {
            LeafRemoteConnector c = new LeafRemoteConnector(
                    this, r, group, settings.reconnectDelay().toMillis());
            connectors.add(c);
            c.start();
        }
    }

    /** The bound leaf-node port, {@code -1} when none. */
    public int port() {
        return port;
    }

    public LeafSettings settings() {
        return settings;
    }

    /** The open (established) links. */
    public Collection<LeafLinkInfo> links() {
        List<LeafLinkInfo> out = new ArrayList<>();
        for (LeafLink l : links.values()) {
            if (l.established()) {
                out.add(LeafLinkInfo.of(l));
            }
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    /** Each configured remote (this server as a leaf), connected or not, in configuration order. */
    public synchronized List<LeafRemoteState> remotes() {
        List<LeafRemoteState> out = new ArrayList<>();
        for (LeafRemoteConnector c : connectors) {
            out.add(c.state());
        }
        return out;
    }

    /** Number of established links. */
    public int count() {
        int n = 0;
        for (LeafLink l : links.values()) {
            if (l.established()) {
                n++;
            }
        }
        return n;
    }

    /** Number of established links bound to {@code account}. */
    public int count(String account) {
        int n = 0;
        for (LeafLink l : links.values()) {
            Account a = l.account();
            if (l.established() && a != null && a.name().equals(account)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void close() {
        for (LeafRemoteConnector c : connectors) {
            c.stop();
        }
        connectors.clear();
        if (listener != null) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            listener = null;
        }
        for (LeafLink l : new ArrayList<>(links.values())) {
            l.close("Server Shutdown");
        }
        port = -1;
    }

    // ---- for the links

    long nextId() {
        return ids.incrementAndGet();
    }

    int maxPayload() {
        return server.maxPayload();
    }

    long pingIntervalMillis() {
        return server.pingIntervalMillis();
    }

    int maxPingsOut() {
        return server.maxPingsOut();
    }

    long authTimeoutMillis() {
        LeafSettings.Authorization a = settings.authorization();
        return a == null || a.timeout() == null ? 2000 : a.timeout().toMillis();
    }

    String version() {
        return server.version();
    }

    String serverId() {
        return server.id();
    }

    String serverName() {
        return server.name();
    }

    /** This server's JetStream domain, {@code null} when none (or no JetStream). */
    String jetStreamDomain() {
        return server.jetStream() ? server.jetStreamDomain() : null;
    }

    boolean jetStream() {
        return server.jetStream();
    }

    boolean hasSystemAccount() {
        return accounts.system() != null;
    }

    Authenticator authenticator() {
        return authenticator.get();
    }

    /** The account of {@code name} ({@code null}: {@code $G}); {@code null} when there is none. */
    Account account(String name) {
        return accounts.get(name == null ? Accounts.GLOBAL : name);
    }

    boolean isSystemAccount(Account account) {
        return account == accounts.system();
    }

    String accountOfUser(String user) {
        return accounts.bind(user).account();
    }

    /** The account's loop-detection subject, {@code $LDS.} and a random id, made once per account. */
    String loopSubject(String account) {
        return loopSubjects.computeIfAbsent(account, a -> "$LDS." + nuid());
    }

    /** The hub's INFO for a leaf node; {@code connectInfo} adds {@code connect_info} and {@code remote_account}. */
    String infoJson(long clientId, String nonce, boolean connectInfo, String account) {
        ObjectNode i = JSON.createObjectNode();
        i.put("server_id", server.id());
        i.put("server_name", server.name());
        i.put("version", server.version());
        i.put("proto", 3);
        String adv = advertised == null ? server.host() + ":" + port : advertised;
        int colon = adv.lastIndexOf(':');
        i.put("host", adv.substring(0, colon));
        i.put("port", port);
        i.put("headers", true);
        i.put("auth_required", true);
        if (tls != null) {
            i.put("tls_required", true);
            if (tls.settings().verify()) {
                i.put("tls_verify", true);
            }
        }
        i.put("max_payload", server.maxPayload());
        if (server.jetStream()) {
            i.put("jetstream", true);
            if (server.jetStreamDomain() != null) {
                i.put("domain", server.jetStreamDomain());
            }
        }
        i.put("ip", adv);
        i.put("client_id", clientId);
        if (nonce != null) {
            i.put("nonce", nonce);
        }
        if (connectInfo) {
            i.put("connect_info", true);
            i.put("remote_account", account);
        }
        i.put("info_on_connect", true);
        i.putArray("leafnode_urls").add(adv);
        return i.toString();
    }

    /** Whether a leaf's certificate names its user ({@code leafnodes.tls.verify_and_map}). */
    boolean mapsCertificates() {
        return tls != null && tls.settings().map();
    }

    /**
     * Whether {@code account} already has as many leaf-node links as it may have (an account JWT's {@code
     * limits.leaf}, else the account's {@code limits.max_leafnodes}; -1 unlimited), counting links in both roles as
     * nats-server does.
     */
    boolean leafLimitReached(Account account) {
        long max = account.limits() == null ? -1 : account.limits().maxLeafNodes();
        Authenticator a = authenticator.get();
        if (a != null && a.operator() != null) {
            JwtAccount jwt = a.operator().accounts().get(account.name());
            if (jwt != null) {
                max = jwt.limit("leaf");
            }
        }
        return max >= 0 && count(account.name()) >= max;
    }

    void signFailed(LeafHandshake h, String message) {
        LOG.log(System.Logger.Level.ERROR, "Error signing the nonce for leafnode remote " + h.url() + ": " + message);
    }

    void registered(LeafLink link) {
        links.put(link.id(), link);
    }

    void closed(LeafLink link) {
        links.remove(link.id());
        for (LeafRemoteConnector c : connectorsSnapshot()) {
            if (c.remote() == link.handshake().remote()) {
                c.linkClosed(link);
            }
        }
    }

    void loopDetected(LeafHandshake h) {
        for (LeafRemoteConnector c : connectorsSnapshot()) {
            if (c.remote() == h.remote()) {
                c.loopDetected();
            }
        }
    }

    void wrongPort(LeafHandshake h) {
        LOG.log(System.Logger.Level.ERROR, "attempted to connect to wrong port: " + h.url());
    }

    void authFailed(LeafHandshake h) {
        LOG.log(System.Logger.Level.ERROR, h.describe() + " - Leafnode authentication error");
    }

    private synchronized List<LeafRemoteConnector> connectorsSnapshot() {
        return List.copyOf(connectors);
    }

    private static String nuid() {
        SecureRandom r = new SecureRandom();
        char[] c = new char[22];
        for (int i = 0; i < c.length; i++) {
            c[i] = NUID_ALPHABET[r.nextInt(NUID_ALPHABET.length)];
        }
        return new String(c);
    }
}
