package io.natsspring.broker.server;

import io.natsspring.broker.auth.Authenticator;
import io.natsspring.broker.client.ClientConnection;
import io.natsspring.broker.client.ClientServices;
import io.natsspring.broker.client.ConnectionLimits;
import io.natsspring.broker.client.MessageRouter;
import io.natsspring.broker.jetstream.JetStreamService;
import io.natsspring.broker.monitor.MonitoredBroker;
import io.natsspring.broker.monitor.MonitoringServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embeddable NATS broker. Create with options, {@link #start()}, read the bound {@link #port()}, and
 * {@link #close()} to shut down gracefully. Thread-safe.
 */
public final class NatsBroker implements AutoCloseable, MonitoredBroker {

    private static final System.Logger LOG = System.getLogger(NatsBroker.class.getName());

    private final BrokerOptions options;
    private final MessageRouter router = new MessageRouter();
    private final Authenticator authenticator;
    private final ConcurrentHashMap<Long, ClientConnection> clients = new ConcurrentHashMap<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicLong nextClientId = new AtomicLong();
    private final Object lifecycle = new Object();
    private EventLoopGroup group;
    private Channel serverChannel;
    private ServerInfo info;
    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong slowConsumers = new AtomicLong();
    private final long[] closedTraffic = new long[4];
    private MonitoringServer monitoring;
    private volatile int httpPort = -1;
    private volatile long startedMillis;
    private JetStreamService jetStream;
    private volatile int port = -1;
    private volatile boolean running;

    public NatsBroker(BrokerOptions options) {
        this.options = options;
        this.authenticator = new Authenticator(options.token(), options.user(), options.password(), options.users());
    }

    public BrokerOptions options() {
        return options;
    }

    /**
     * Binds the listening socket and begins accepting clients. Throws {@link BrokerStartException} naming the
     * address when it can not bind.
     */
    public NatsBroker start() {
        synchronized (lifecycle) {
            if (running) {
                return this;
            }
            long t0 = System.nanoTime();
            group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("nats-broker-io", true),
                    NioIoHandler.newFactory());
            Services services = new Services(new ConnectionLimits(options.maxPayload(), options.maxControlLine(),
                    options.pingInterval(), options.maxPingsOut(), options.writeDeadline(), options.maxPending(),
                    options.authTimeout()));
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ClientConnection(services, nextClientId.incrementAndGet()));
                        }
                    });
            ChannelFuture bind = b.bind(new InetSocketAddress(options.host(), options.port())).awaitUninterruptibly();
            if (!bind.isSuccess()) {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                Throwable cause = bind.cause();
                String why = cause instanceof BindException ? "address already in use or not available" : String.valueOf(cause);
                throw new BrokerStartException("Can not listen for client connections on " + options.host() + ":"
                        + options.port() + " (" + why + "); choose another port", cause);
            }
            serverChannel = bind.channel();
            port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
            info = new ServerInfo(options, port, options.jetStream());
            if (options.jetStream()) {
                startJetStream();
            }
            startedMillis = System.currentTimeMillis();
            if (options.httpPort() != BrokerOptions.MONITORING_DISABLED) {
                monitoring = new MonitoringServer(this);
                try {
                    httpPort = monitoring.start(group, options.host(), options.httpPort());
                } catch (RuntimeException e) {
                    serverChannel.close().awaitUninterruptibly();
                    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                    throw new BrokerStartException(e.getMessage(), e);
                }
                LOG.log(System.Logger.Level.INFO, "Starting http monitor on {0}:{1}", options.host(),
                        String.valueOf(httpPort));
            }
            running = true;
            serverChannel.config().setAutoRead(true);
            LOG.log(System.Logger.Level.INFO, "Listening for client connections on {0}:{1} (server {2}, started in {3} ms)",
                    options.host(), String.valueOf(port), info.serverName(), (System.nanoTime() - t0) / 1_000_000);
            return this;
        }
    }

    private void startJetStream() {
        jetStream = new JetStreamService(options, router, info.serverName());
        try {
            jetStream.start();
        } catch (java.io.IOException | RuntimeException e) {
            jetStream.close();
            jetStream = null;
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new BrokerStartException("Can not start JetStream: " + e.getMessage(), e);
        }
    }

    /** The JetStream service, or {@code null} when JetStream is off or the broker is not running. */
    public JetStreamService jetStream() {
        return jetStream;
    }

    /** The bound client port (the chosen one when the options asked for port 0). */
    public int port() {
        if (port < 0) {
            throw new IllegalStateException("broker not started");
        }
        return port;
    }

    /** {@code nats://127.0.0.1:port} for clients on this machine. */
    public String clientUrl() {
        return "nats://127.0.0.1:" + port();
    }

    /** The bound monitoring port, or -1 when monitoring is off. */
    public int httpPort() {
        return httpPort;
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public String serverId() {
        return info == null ? null : info.serverId();
    }

    @Override
    public String serverName() {
        return info == null ? null : info.serverName();
    }

    /** Connections currently open. */
    public int connectionCount() {
        return clients.size();
    }

    /** Snapshot of the open connections. */
    @Override
    public Collection<ClientConnection> connections() {
        return List.copyOf(clients.values());
    }

    /** Subscriptions currently registered, clients' and the broker's own. */
    @Override
    public int subscriptionCount() {
        return router.subscriptionCount();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", BrokerVersion.NATS_SERVER_VERSION);
        m.put("proto", BrokerVersion.PROTOCOL);
        m.put("host", options.host());
        m.put("port", port);
        m.put("auth_required", options.authRequired());
        m.put("max_connections", options.maxConnections());
        m.put("ping_interval", options.pingInterval().toNanos());
        m.put("ping_max", options.maxPingsOut());
        m.put("http_port", httpPort);
        m.put("max_control_line", options.maxControlLine());
        m.put("max_payload", options.maxPayload());
        m.put("max_pending", options.maxPending());
        m.put("write_deadline", options.writeDeadline().toNanos());
        m.put("auth_timeout", options.authTimeout().toNanos() / 1e9);
        return m;
    }

    @Override
    public long startedMillis() {
        return startedMillis;
    }

    @Override
    public long totalConnections() {
        return totalConnections.get();
    }

    @Override
    public long slowConsumers() {
        return slowConsumers.get();
    }

    @Override
    public long[] closedTraffic() {
        synchronized (closedTraffic) {
            return closedTraffic.clone();
        }
    }

    @Override
    public Map<String, Object> jetStreamSummary() {
        JetStreamService js = jetStream;
        return js == null ? null : js.monitoringSummary();
    }

    /** Stops accepting, flushes and closes clients, releases threads. Waits up to a few seconds. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            if (monitoring != null) {
                monitoring.close();
                monitoring = null;
                httpPort = -1;
            }
            for (ClientConnection c : new ArrayList<>(clients.values())) {
                c.shutdown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!clients.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (jetStream != null) {
                jetStream.close();
                jetStream = null;
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            port = -1;
            LOG.log(System.Logger.Level.INFO, "Server stopped");
        }
    }

    private final class Services implements ClientServices {
        private final ConnectionLimits limits;

        Services(ConnectionLimits limits) {
            this.limits = limits;
        }

        @Override
        public ConnectionLimits limits() {
            return limits;
        }

        @Override
        public MessageRouter router() {
            return router;
        }

        @Override
        public Authenticator authenticator() {
            return authenticator;
        }

        @Override
        public String infoJson(long clientId, String clientIp) {
            return info.json(clientId, clientIp);
        }

        @Override
        public boolean opened(ClientConnection connection) {
            if (!running) {
                return false;
            }
            if (connectionCount.incrementAndGet() > options.maxConnections()) {
                connectionCount.decrementAndGet();
                return false;
            }
            clients.put(connection.id(), connection);
            totalConnections.incrementAndGet();
            return true;
        }

        @Override
        public void closed(ClientConnection connection) {
            if (clients.remove(connection.id()) != null) {
                connectionCount.decrementAndGet();
                synchronized (closedTraffic) {
                    closedTraffic[0] += connection.inMsgs();
                    closedTraffic[1] += connection.outMsgs();
                    closedTraffic[2] += connection.inBytes();
                    closedTraffic[3] += connection.outBytes();
                }
            }
        }

        @Override
        public void slowConsumerDetected(ClientConnection connection) {
            slowConsumers.incrementAndGet();
        }
    }
}
