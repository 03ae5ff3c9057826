package io.natsspring.broker.internal.websocket;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.tls.ClientTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The WebSocket port: accepts connections on the broker's event loops, runs the TLS handshake (unless
 * {@code no_tls}) and the HTTP upgrade, then hands the connection to a client connection behind the framing.
 */
public final class WebSocketListener {

    private static final System.Logger LOG = System.getLogger(WebSocketListener.class.getName());

    /** The largest upgrade request (request line and headers, cookies included). */
    private static final int MAX_UPGRADE_REQUEST = 64 * 1024;

    private final WebSocketSettings settings;
    private final OriginPolicy origins;
    private final Supplier<ClientConnection> clients;
    private final int maxFramePayload;
    private Channel channel;
    /** The TLS of new connections; a configuration reload may replace it. */
    private volatile ClientTls tls;

    private volatile int port = -1;

    /**
     * @param clients         makes the client connection of each upgraded connection
     * @param maxFramePayload the largest frame (or inflated message) accepted from a client
     * @throws IllegalArgumentException for an allowed origin that can not be parsed
     */
    public WebSocketListener(WebSocketSettings settings, Supplier<ClientConnection> clients, int maxFramePayload) {
        this.settings = settings;
        this.origins = new OriginPolicy(settings.sameOrigin(), settings.allowedOrigins());
        this.clients = clients;
        this.maxFramePayload = maxFramePayload;
        this.tls = settings.tls();
    }

    /** New connections handshake with this TLS (a configuration reload); established ones keep theirs. */
    public void tls(ClientTls reloaded) {
        this.tls = reloaded;
    }

    /**
     * Binds the port on {@code group}'s event loops.
     *
     * @return the bound port
     * @throws IllegalStateException naming the address when it can not be bound
     */
    public int start(EventLoopGroup group) {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        ClientTls current = tls;
                        if (current != null) {
                            current.installImmediate(ch);
                        }
                        p.addLast("http", new HttpServerCodec());
                        p.addLast("http-aggregator", new HttpObjectAggregator(MAX_UPGRADE_REQUEST));
                        if (settings.compression()) {
                            p.addLast("ws-compression-header", new DeflateResponseHeader());
                            p.addLast(
                                    "ws-compression",
                                    new WebSocketServerExtensionHandler(new DeflateNegotiation(maxFramePayload)));
                        }
                        p.addLast("ws-upgrade", new WebSocketUpgrade(settings, origins, clients, maxFramePayload));
                    }
                });
        ChannelFuture bind =
                b.bind(new InetSocketAddress(settings.host(), settings.port())).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            Throwable cause = bind.cause();
            String why =
                    cause instanceof BindException ? "address already in use or not available" : String.valueOf(cause);
            throw new IllegalStateException(
                    "Unable to listen for websocket connections on " + settings.host() + ":" + settings.port() + " ("
                            + why + ")",
                    cause);
        }
        channel = bind.channel();
        port = ((InetSocketAddress) channel.localAddress()).getPort();
        String scheme = settings.tls() == null ? "ws" : "wss";
        LOG.log(
                System.Logger.Level.INFO,
                "Listening for websocket clients on {0}://{1}:{2}",
                scheme,
                settings.host(),
                String.valueOf(port));
        if (settings.tls() == null) {
            LOG.log(System.Logger.Level.WARNING, "Websocket not configured with TLS. DO NOT USE IN PRODUCTION!");
        }
        return port;
    }

    /** The bound port, -1 when not listening. */
    public int port() {
        return port;
    }

    /** Whether the listener speaks TLS. */
    public boolean tls() {
        return settings.tls() != null;
    }

    public WebSocketSettings settings() {
        return settings;
    }

    /** Stops accepting WebSocket connections (the open ones are the broker's to close). */
    public void close() {
        Channel c = channel;
        if (c != null && c.isOpen()) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        port = -1;
    }
}
