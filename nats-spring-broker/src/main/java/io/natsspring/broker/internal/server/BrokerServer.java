package io.natsspring.broker.internal.server;

import static io.natsspring.broker.internal.text.DigitGrouping.grouped;

import io.natsspring.broker.internal.account.AccountSpec;
import io.natsspring.broker.internal.account.Accounts;
import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.JetStreamService;
import io.natsspring.broker.internal.leaf.LeafNodes;
import io.natsspring.broker.internal.leaf.LeafSettings;
import io.natsspring.broker.internal.monitor.FeatureFlags;
import io.natsspring.broker.internal.monitor.MonitoringServer;
import io.natsspring.broker.internal.system.ServerControl;
import io.natsspring.broker.internal.system.ServerEnvelope;
import io.natsspring.broker.internal.system.SystemService;
import io.natsspring.broker.internal.tls.ClientTls;
import io.natsspring.broker.internal.websocket.WebSocketListener;
import io.natsspring.broker.internal.websocket.WebSocketSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bootstrap and shutdown of one server: the Netty event loops and listening socket, JetStream, and the monitoring
 * port. Thread-safe; {@link #start()} and {@link #close()} are serialized.
 */
public final class BrokerServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BrokerServer.class.getName());

    private volatile ServerSettings settings;
    private final Accounts accounts;
    private final MessageRouter router;
    /** The client port's TLS; a configuration reload may replace it (new connections use the new one). */
    private volatile ClientTls tls;

    private final int httpsPort;
    private final ClientRegistry clients;
    private final AtomicLong nextClientId = new AtomicLong();
    private volatile java.util.Map<String, Boolean> featureFlags = FeatureFlags.defaults();
    private final Object lifecycle = new Object();
    private EventLoopGroup group;
    private Channel serverChannel;
    private volatile ServerInfo info;
    private MonitoringServer monitoring;
    private JetStreamService jetStream;
    private volatile SystemService system;
    private volatile int httpPort = -1;
    private volatile long startedMillis;
    private volatile int port = -1;
    private volatile boolean running;
    /** Set while lame-duck mode runs (under {@code lifecycle}). */
    private volatile LameDuckMode lameDuck;

    private boolean jetStreamStopped;
    /** The {@code leafnodes} block, {@code null} for none; the running leaf-node side while started. */
    private volatile LeafSettings leafSettings;

    private volatile LeafNodes leafNodes;

    /** The {@code websocket} block, {@code null} for none; set before {@link #start()}. */
    private volatile WebSocketSettings webSocketSettings;

    private volatile Authenticator webSocketAuth;
    private volatile Duration webSocketAuthTimeout;
    private volatile WebSocketListener webSocket;
    private volatile WebSocketServices webSocketServices;
    private volatile CompletableFuture<Void> terminated = CompletableFuture.completedFuture(null);

    public BrokerServer(ServerSettings settings, Authenticator authenticator) {
        this(settings, authenticator, List.of(), null, ServerSettings.MONITORING_OFF);
    }

    /**
     * A server with these accounts besides {@code $G}.
     *
     * @throws IllegalArgumentException for inconsistent accounts (see {@link Accounts#Accounts})
     */
    public BrokerServer(ServerSettings settings, Authenticator authenticator, List<AccountSpec> accounts) {
        this(settings, authenticator, accounts, null, ServerSettings.MONITORING_OFF);
    }

    /**
     * A server whose client port speaks TLS with {@code tls} (plain text when {@code null}), with monitoring over
     * HTTPS on {@code httpsPort} ({@link ServerSettings#MONITORING_OFF} for none, 0 for a free port).
     */
    public BrokerServer(ServerSettings settings, Authenticator authenticator, ClientTls tls, int httpsPort) {
        this(settings, authenticator, List.of(), tls, httpsPort);
    }

    /**
     * A server with these accounts besides {@code $G}, TLS on the client port ({@code null} for plain text) and
     * monitoring over HTTPS on {@code httpsPort} ({@link ServerSettings#MONITORING_OFF} for none).
     *
     * @throws IllegalArgumentException for inconsistent accounts (see {@link Accounts#Accounts})
     */
    public BrokerServer(
            ServerSettings settings,
            Authenticator authenticator,
            List<AccountSpec> accounts,
            ClientTls tls,
            int httpsPort) {
        this(settings, authenticator, accounts, tls, httpsPort, Accounts.DEFAULT_SYSTEM);
    }

    /**
     * As {@link #BrokerServer(ServerSettings, Authenticator, List, ClientTls, int)}, with {@code systemAccount} as
     * the system account (one of {@code accounts}, or {@value Accounts#DEFAULT_SYSTEM}, then created implicitly).
     *
     * @throws IllegalArgumentException for inconsistent accounts or an unknown system account
     */
    private volatile Runnable reloadAction;

    public BrokerServer(
            ServerSettings settings,
            Authenticator authenticator,
            List<AccountSpec> accounts,
            ClientTls tls,
            int httpsPort,
            String systemAccount) {
        this.settings = settings;
        this.tls = tls;
        this.httpsPort = httpsPort;
        this.accounts = new Accounts(accounts, systemAccount);
        if (authenticator.operator() != null) {
            this.accounts.operatorMode();
        }
        this.router = this.accounts.globalRouter();
        this.clients = new ClientRegistry(settings, router, authenticator, this.accounts::bind);
        this.clients.namedAccounts(this.accounts::bindAccount);
    }

    /**
     * Sets the configured {@code feature_flags}, reported over their defaults ({@link FeatureFlags#merged}); takes
     * effect at the next start.
     */
    public void featureFlags(java.util.Map<String, Boolean> configured) {
        this.featureFlags = FeatureFlags.merged(configured);
    }

    /** The {@code feature_flags} reported in {@code /varz} and the {@code $SYS} server identity. */
    public java.util.Map<String, Boolean> featureFlags() {
        return featureFlags;
    }

    /** Sets the {@code leafnodes} block ({@code null}: none); takes effect at the next {@link #start()}. */
    public void leafNodes(LeafSettings settings) {
        this.leafSettings = settings;
    }

    /** The running leaf-node side, {@code null} when there is none or the server is stopped. */
    public LeafNodes leafNodes() {
        return leafNodes;
    }

    private void startLeafNodes() {
        LeafSettings ls = leafSettings;
        if (ls == null) {
            return;
        }
        ConnectionLimitsView l = new ConnectionLimitsView(settings);
        LeafNodes nodes = new LeafNodes(
                ls,
                accounts,
                clients::authenticator,
                new LeafNodes.Server(
                        info.serverId(),
                        info.serverName(),
                        BrokerVersion.NATS_SERVER_VERSION,
                        settings.host(),
                        l.maxPayload(),
                        l.pingIntervalMillis(),
                        l.maxPingsOut(),
                        settings.jetStream() != null,
                        settings.jetStream() == null
                                ? null
                                : settings.jetStream().domain()));
        nodes.traceIdentity(clients::serverIdentity);
        try {
            nodes.start(group);
        } catch (RuntimeException e) {
            nodes.close();
            throw new ServerStartException(e.getMessage(), e);
        }
        leafNodes = nodes;
    }

    private record ConnectionLimitsView(ServerSettings s) {
        int maxPayload() {
            return s.limits().maxPayload();
        }

        long pingIntervalMillis() {
            return s.limits().pingInterval().toMillis();
        }

        int maxPingsOut() {
            return s.limits().maxPingsOut();
        }
    }

    /**
     * What {@code $SYS.REQ.SERVER.<id>.RELOAD} runs (re-read the configuration file and reload); without it the
     * request is answered with {@code nats-server}'s error for a server started without {@code -c}.
     */
    public void reloadAction(Runnable action) {
        this.reloadAction = action;
    }

    private ServerControl control() {
        return new ServerControl() {
            @Override
            public boolean kick(long cid) {
                for (ClientConnection c : clients.connections()) {
                    if (c.id() == cid) {
                        c.kick();
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void reload() {
                Runnable action = reloadAction;
                if (action == null) {
                    ServerControl.NONE.reload();
                } else {
                    action.run();
                }
            }
        };
    }

    /**
     * Adds a WebSocket listener, started with the server (call before {@link #start()}).
     *
     * @param settings     the listener
     * @param authOverride the authenticator of its {@code authorization} override, {@code null} to authenticate
     *                     WebSocket clients as the others
     * @param authTimeout  its {@code authorization { timeout }}, {@code null} for the server's
     */
    public void webSocket(WebSocketSettings settings, Authenticator authOverride, Duration authTimeout) {
        this.webSocketSettings = settings;
        this.webSocketAuth = authOverride;
        this.webSocketAuthTimeout = authTimeout;
    }

    /**
     * A configuration reload of the {@code websocket} block, before {@link #reload}: the authenticator of its
     * override ({@code null}: the server's) and its TLS for new connections ({@code null}: unchanged).
     */
    public void reloadWebSocket(Authenticator authOverride, ClientTls tls) {
        this.webSocketAuth = authOverride;
        WebSocketServices services = webSocketServices;
        if (services != null) {
            services.override(authOverride);
        }
        WebSocketListener listener = webSocket;
        if (listener != null && tls != null) {
            listener.tls(tls);
        }
    }

    /** The bound WebSocket port, {@code -1} without a WebSocket listener or when not running. */
    public int webSocketPort() {
        WebSocketListener ws = webSocket;
        return ws == null ? -1 : ws.port();
    }

    /** The WebSocket listener, {@code null} when there is none or the server is not running. */
    WebSocketListener webSocketListener() {
        return webSocket;
    }

    /** The {@code authorization { timeout }} of WebSocket clients, {@code null} for the server's. */
    Duration webSocketAuthTimeout() {
        return webSocketAuthTimeout;
    }

    /** The WebSocket settings, {@code null} without a listener. */
    WebSocketSettings webSocketSettings() {
        return webSocketSettings;
    }

    private void startWebSocket() {
        WebSocketSettings ws = webSocketSettings;
        if (ws == null) {
            return;
        }
        int maxFrame = (int) Math.min(
                Integer.MAX_VALUE / 2, Math.max(8L << 20, 2L * settings.limits().maxPayload() + (1 << 20)));
        WebSocketListener listener = new WebSocketListener(
                ws,
                () -> new ClientConnection(
                        webSocketServices, nextClientId.incrementAndGet(), ClientConnection.TYPE_WEBSOCKET),
                maxFrame);
        int wsPort;
        try {
            wsPort = listener.start(group);
        } catch (RuntimeException e) {
            throw new ServerStartException(e.getMessage(), e);
        }
        webSocketServices = new WebSocketServices(
                clients, webSocketAuth, ws.authOverride(), webSocketAuthTimeout, ws.host(), wsPort, ws.tls() != null);
        webSocket = listener;
    }

    private void closeWebSocket() {
        WebSocketListener ws = webSocket;
        if (ws != null) {
            ws.close();
        }
    }

    /**
     * Binds the listening socket and begins accepting clients; does nothing when already running.
     *
     * @throws ServerStartException naming the address or the part that failed
     */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            long t0 = System.nanoTime();
            RecvByteBufAllocator clientReads;
            RecvByteBufAllocator tlsClientReads;
            try {
                clientReads = ReadBufferSizing.forClients();
                tlsClientReads = ReadBufferSizing.forTlsClients();
            } catch (IllegalArgumentException e) {
                throw new ServerStartException(e.getMessage(), e);
            }
            terminated = new CompletableFuture<>();
            jetStreamStopped = false;
            serverChannel = null;
            group = new MultiThreadIoEventLoopGroup(
                    0, new DefaultThreadFactory("nats-broker-io", true), NioIoHandler.newFactory());
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, clientReads)
                    .childOption(
                            ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ClientTls current = tls;
                            if (current != null) {
                                current.install(ch);
                                ch.config().setRecvByteBufAllocator(tlsClientReads);
                            }
                            ch.pipeline().addLast(new ClientConnection(clients, nextClientId.incrementAndGet()));
                        }
                    });
            // The client port is bound last, once everything a client needs is ready (JetStream restored, system
            // account, leaf nodes), as nats-server does: a port that accepts TCP connections before the broker can
            // greet them leaves the first clients waiting for INFO. Until then the INFO names the configured port.
            info = new ServerInfo(settings, settings.port(), tls == null ? null : tls.settings());
            accounts.serverName(info.serverName());
            if (settings.jetStream() != null) {
                startJetStream();
            }
            startedMillis = System.currentTimeMillis();
            BrokerMonitorView view = new BrokerMonitorView(this, settings, clients, router);
            ServerEnvelope envelope = new ServerEnvelope(
                    info.serverId(),
                    info.serverName(),
                    settings.host(),
                    BrokerVersion.NATS_SERVER_VERSION,
                    settings.jetStream() != null,
                    featureFlags);
            system = new SystemService(accounts, view, envelope, control());
            clients.identity(envelope);
            clients.events(system.events());
            boolean https = httpsPort != ServerSettings.MONITORING_OFF && tls != null;
            if (settings.httpPort() != ServerSettings.MONITORING_OFF || https) {
                monitoring = new MonitoringServer(view);
                try {
                    httpPort = https
                            ? monitoring.start(group, settings.host(), httpsPort, tls.context())
                            : monitoring.start(group, settings.host(), settings.httpPort());
                } catch (RuntimeException e) {
                    closeSystem();
                    shutdownJetStream();
                    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                    throw new ServerStartException(e.getMessage(), e);
                }
                LOG.log(
                        System.Logger.Level.INFO,
                        "Starting {0} monitor on {1}:{2}",
                        https ? "https" : "http",
                        settings.host(),
                        String.valueOf(httpPort));
            }
            try {
                startLeafNodes();
                bindClientPort(b);
            } catch (ServerStartException e) {
                LeafNodes leafs = leafNodes;
                leafNodes = null;
                if (leafs != null) {
                    leafs.close();
                }
                if (monitoring != null) {
                    monitoring.close();
                    monitoring = null;
                }
                closeSystem();
                if (serverChannel != null) {
                    serverChannel.close().awaitUninterruptibly();
                }
                shutdownJetStream();
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                throw e;
            }
            running = true;
            clients.accept(info);
            try {
                startWebSocket();
            } catch (ServerStartException e) {
                running = false;
                clients.stopAccepting();
                if (monitoring != null) {
                    monitoring.close();
                    monitoring = null;
                }
                closeSystem();
                accounts.close();
                serverChannel.close().awaitUninterruptibly();
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                throw e;
            }
            serverChannel.config().setAutoRead(true);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Listening for client connections on " + settings.host() + ":" + port + " (server "
                            + info.serverName() + ", started in " + grouped((System.nanoTime() - t0) / 1_000_000)
                            + " ms)");
            if (tls != null) {
                tls.startOcsp(this::shutDownOnRevokedCertificate);
                LOG.log(
                        System.Logger.Level.INFO,
                        "TLS {0} for client connections ({1} engine)",
                        tls.settings().allowNonTls() ? "available" : "required",
                        tls.engine());
            }
        }
    }

    /**
     * Applies a configuration reload to the running server, as {@code nats-server} does: new connections get the
     * new TLS material, limits, INFO and authenticator; every connected client is re-checked (see {@link
     * ClientConnection#reauthorize}). Accounts are reloaded first, and when they can not be nothing changes.
     *
     * @throws IllegalArgumentException naming an account change that can not be reloaded
     * @throws IllegalStateException    when the server is not running
     */
    public void reload(ServerReload reload) {
        synchronized (lifecycle) {
            if (!running) {
                throw new IllegalStateException("the broker is not running");
            }
            accounts.reload(reload.accounts());
            ClientTls newTls = reload.tls();
            settings = reload.settings();
            ClientTls oldTls = tls;
            tls = newTls;
            if (oldTls != null && oldTls != newTls) {
                oldTls.stopOcsp();
            }
            if (newTls != null) {
                newTls.startOcsp(this::shutDownOnRevokedCertificate);
            }
            info = new ServerInfo(reload.settings(), port, newTls == null ? null : newTls.settings(), info.serverId());
            recheckClients(reload.settings(), reload.authenticator());
            LOG.log(System.Logger.Level.INFO, "Reloaded server configuration");
        }
    }

    /**
     * Applies changed accounts and authentication without touching the other settings, as a pushed account JWT
     * ({@code $SYS.REQ.CLAIMS.UPDATE}) changes them: the accounts are reloaded, then every client is re-checked as
     * on a {@link #reload} (its account's new permissions, limits and revocations apply).
     */
    public void reloadAuthentication(Authenticator authenticator, List<AccountSpec> specs) {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            accounts.reload(specs);
            recheckClients(settings, authenticator);
        }
    }

    /** The new authenticator applies to later connections; the connected ones are re-checked with it. */
    private void recheckClients(ServerSettings newSettings, Authenticator authenticator) {
        clients.reload(newSettings, authenticator, info);
        // as nats-server, return (and log) once every client has been dealt with; clients the re-check closes
        // leave their account before the others are re-counted against its limits
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<io.netty.util.concurrent.Future<?>> checked = new ArrayList<>();
        WebSocketServices wsServices = webSocketServices;
        for (ClientConnection c : clients.connections()) {
            // a WebSocket client is re-checked by the authenticator that admitted it
            Authenticator recheck = wsServices != null && ClientConnection.TYPE_WEBSOCKET.equals(c.clientType())
                    ? wsServices.authenticator()
                    : authenticator;
            checked.add(c.reauthorize(recheck, accounts::bind));
        }
        awaitAll(checked, Math.max(0, deadline - System.nanoTime()));
        List<io.netty.util.concurrent.Future<?>> applied = new ArrayList<>();
        for (ClientConnection c : clients.connections()) {
            applied.add(c.accountLimitsReloaded());
            applied.add(c.maxPayloadReloaded());
        }
        awaitAll(applied, Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * Applies new account specs alone (an activation token of a JWT import expired): the accounts are reloaded as
     * by {@link #reload}, the clients keep their settings. Does nothing when the server is not running.
     *
     * @throws IllegalArgumentException when the accounts can not be reloaded
     */
    public void reloadAccounts(List<AccountSpec> specs) {
        synchronized (lifecycle) {
            if (running) {
                accounts.reload(specs);
            }
        }
    }

    /** Binds the client port (accepting stays off until {@link #start} turns it on); sets the port and INFO. */
    private void bindClientPort(ServerBootstrap b) {
        ChannelFuture bind =
                b.bind(new InetSocketAddress(settings.host(), settings.port())).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            Throwable cause = bind.cause();
            String why =
                    cause instanceof BindException ? "address already in use or not available" : String.valueOf(cause);
            throw new ServerStartException(
                    "Can not listen for client connections on " + settings.host() + ":" + settings.port() + " (" + why
                            + "); choose another port",
                    cause);
        }
        serverChannel = bind.channel();
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        info = new ServerInfo(settings, port, tls == null ? null : tls.settings(), info.serverId());
    }

    private void startJetStream() {
        try {
            accounts.startJetStream(settings.jetStream(), info.serverName());
            jetStream = accounts.global().jetStream();
        } catch (IOException | RuntimeException e) {
            jetStream = null;
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new ServerStartException("Can not start JetStream: " + e.getMessage(), e);
        }
    }

    /** The accounts, {@code $G} and the configured ones. */
    Accounts accounts() {
        return accounts;
    }

    /** The global account's JetStream, or {@code null} when it has none or the server is not running. */
    JetStreamService jetStream() {
        return jetStream;
    }

    /** The bound client port, {@code -1} when not running. */
    public int boundPort() {
        return port;
    }

    /** The TLS engine of the client port, {@code "OPENSSL"} or {@code "JDK"}; {@code null} without TLS. */
    public String tlsEngine() {
        return tls == null ? null : tls.engine();
    }

    /** The bound monitoring port, {@code -1} when monitoring is off. */
    public int httpPort() {
        return httpPort;
    }

    public boolean isRunning() {
        return running;
    }

    /** The server id, {@code null} before the first start. */
    public String serverId() {
        return info == null ? null : info.serverId();
    }

    /** The server name (the id unless configured), {@code null} before the first start. */
    public String serverName() {
        return info == null ? null : info.serverName();
    }

    /** Connections currently open. */
    public int connectionCount() {
        return clients.size();
    }

    /**
     * Subscriptions currently registered, clients' and the server's own (JetStream's), without the system
     * account's request handlers.
     */
    public int subscriptionCount() {
        SystemService s = system;
        return accounts.subscriptionCount() - (s == null ? 0 : s.internalSubscriptions());
    }

    /** Subscriptions of one account, as {@link #subscriptionCount()} counts them; 0 for an unknown account. */
    int subscriptionCount(String account) {
        var a = accounts.get(account);
        if (a == null) {
            return 0;
        }
        SystemService s = system;
        return a.router().subscriptionCount() - (s == null ? 0 : s.internalSubscriptions(account));
    }

    /** The system account's services, {@code null} when the server is not running. */
    public SystemService system() {
        return system;
    }

    private void closeSystem() {
        SystemService s = system;
        system = null;
        clients.events(null);
        if (s != null) {
            s.close();
        }
    }

    long startedMillis() {
        return startedMillis;
    }

    /**
     * Stops gracefully: stops accepting connections, stops reading every client (nothing more is accepted), lets
     * JetStream store and acknowledge what it already accepted (stream writers drain their queues, their PubAcks
     * reach the clients' buffers), flushes and closes every connection, syncs and closes the stores, releases the
     * threads. Bounded: clients still open after {@value #CLIENT_CLOSE_SECONDS} s are dropped; each stream's writer
     * gets 10 s to drain. Ends a lame-duck mode in progress.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            LameDuckMode ldm = lameDuck;
            if (ldm != null) {
                ldm.quit();
            }
            long t0 = System.nanoTime();
            SystemService sys = system;
            if (sys != null) {
                sys.announceShutdown(Duration.ofSeconds(1));
            }
            clients.stopAccepting();
            LeafNodes leafs = leafNodes;
            leafNodes = null;
            if (leafs != null) {
                leafs.close();
            }
            if (serverChannel.isOpen()) {
                serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            closeWebSocket();
            if (monitoring != null) {
                monitoring.close();
                monitoring = null;
                httpPort = -1;
            }
            Collection<ClientConnection> open = clients.connections();
            List<io.netty.util.concurrent.Future<?>> stopped = new ArrayList<>();
            for (ClientConnection c : open) {
                stopped.add(c.stopReading());
            }
            awaitAll(stopped, TimeUnit.SECONDS.toNanos(2));
            shutdownJetStream();
            for (ClientConnection c : clients.connections()) {
                c.shutdown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLIENT_CLOSE_SECONDS);
            while (!clients.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (ClientConnection c : clients.connections()) {
                c.abort();
            }
            closeSystem();
            accounts.close();
            jetStream = null;
            ClientTls current = tls;
            if (current != null) {
                current.stopOcsp();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            port = -1;
            webSocket = null;
            LOG.log(
                    System.Logger.Level.INFO,
                    "Server stopped ({0} client(s) drained in {1} ms)",
                    open.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            lameDuck = null;
            terminated.complete(null);
        }
    }

    /**
     * A certificate stapled in OCSP mode {@code must} or {@code always} was found revoked: the server shuts down,
     * as {@code nats-server} does (on another thread: the OCSP monitor's is stopped by the shutdown).
     */
    private void shutDownOnRevokedCertificate() {
        Thread t = new Thread(this::close, "nats-broker-ocsp-shutdown");
        t.setDaemon(false);
        t.start();
    }

    /** Clients still open after this many seconds of a graceful stop are dropped. */
    static final int CLIENT_CLOSE_SECONDS = 5;

    private static void awaitAll(List<io.netty.util.concurrent.Future<?>> futures, long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (io.netty.util.concurrent.Future<?> f : futures) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Stops JetStream after it stored and acknowledged what it accepted: every stream's writer drains its queue
     * and sends its PubAcks, then the stores are synced and closed. Clients stay connected. Idempotent.
     */
    void shutdownJetStream() {
        synchronized (lifecycle) {
            if (jetStreamStopped) {
                return;
            }
            jetStreamStopped = true;
            boolean enabled = settings.jetStream() != null;
            if (enabled) {
                LOG.log(System.Logger.Level.INFO, "Initiating JetStream Shutdown...");
            }
            accounts.close();
            jetStream = null;
            if (enabled) {
                LOG.log(System.Logger.Level.INFO, "JetStream Shutdown");
            }
        }
    }

    /**
     * Enters lame-duck mode as {@code nats-server} does: stops accepting clients, shuts JetStream down (after it
     * acknowledged what it accepted), announces the mode with an INFO carrying {@code "ldm":true} so that clients
     * move to another server, waits {@code gracePeriod}, closes the clients spread over the rest of {@code
     * duration} (at most one second apart), then stops as {@link #close()}. Runs on its own thread; a second call
     * only returns the same future.
     *
     * @return completes once the server has stopped
     */
    public CompletableFuture<Void> enterLameDuckMode(Duration duration, Duration gracePeriod) {
        synchronized (lifecycle) {
            if (!running) {
                return terminated;
            }
            if (lameDuck == null) {
                lameDuck = new LameDuckMode(this, duration, gracePeriod);
                lameDuck.start();
            }
            return terminated;
        }
    }

    /** Whether lame-duck mode was entered and the server has not stopped yet. */
    public boolean inLameDuckMode() {
        return lameDuck != null;
    }

    /** Completes when the server has stopped (after {@link #close()} or at the end of lame-duck mode). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Publishes the system event {@code $SYS.SERVER.<id>.LAMEDUCK} (lame-duck mode begins). */
    void announceLameDuck() {
        SystemService sys = system;
        if (sys != null) {
            sys.announceLameDuck(Duration.ofSeconds(1));
        }
    }

    /** Stops accepting connections (lame-duck mode), leaving the connected clients alone. */
    void stopListening() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            clients.stopAccepting();
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            closeWebSocket();
        }
    }

    /** The connected clients. */
    Collection<ClientConnection> connectedClients() {
        return clients.connections();
    }
}
