package io.natsspring.broker.internal.leaf;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one remote connected: tries its URLs in turn, and after a failed attempt or a dropped link tries again after
 * {@code reconnect} ({@value LeafLink#LOOP_RECONNECT_DELAY_SECONDS} s after a loop was detected), as nats-server.
 */
final class LeafRemoteConnector {

    private static final System.Logger LOG = System.getLogger(LeafRemoteConnector.class.getName());

    private final LeafNodes nodes;
    private final LeafSettings.Remote remote;
    private final EventLoopGroup group;
    private final long delayMillis;
    private int next;
    private long attempts;
    private volatile boolean stopped;
    private volatile boolean loopDetected;
    private volatile LeafLink current;
    private volatile long downSinceMillis = System.currentTimeMillis();

    LeafRemoteConnector(LeafNodes nodes, LeafSettings.Remote remote, EventLoopGroup group, long delayMillis) {
        this.nodes = nodes;
        this.remote = remote;
        this.group = group;
        this.delayMillis = delayMillis;
    }

    LeafSettings.Remote remote() {
        return remote;
    }

    LeafLink current() {
        return current;
    }

    void start() {
        connect();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        URI url;
        synchronized (this) {
            url = remote.urls().get(next % remote.urls().size());
            next++;
            attempts++;
        }
        int port = url.getPort() < 0 ? 7422 : url.getPort();
        LOG.log(
                System.Logger.Level.DEBUG,
                "Trying to connect as leafnode to remote server on \"" + url.getHost() + ":" + port + "\"");
        LeafLink link = new LeafLink(nodes, nodes.nextId(), remote, url);
        current = link;
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .handler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                    @Override
                    protected void initChannel(io.netty.channel.Channel ch) {
                        if (remote.tls() != null && remote.tls().handshakeFirst()) {
                            remote.tls().install(ch, url.getHost(), port);
                        }
                        ch.pipeline().addLast(link);
                    }
                })
                .connect(url.getHost(), port)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        long n;
                        synchronized (this) {
                            n = attempts;
                        }
                        LOG.log(
                                n == 1 || n % 3600 == 0 ? System.Logger.Level.ERROR : System.Logger.Level.DEBUG,
                                "Error trying to connect as leafnode to remote server \"" + url.getHost() + ":" + port
                                        + "\" (attempt " + n + "): " + f.cause());
                        retryLater();
                    }
                });
    }

    /** A link of this remote closed: connect again unless stopped. */
    void linkClosed(LeafLink link) {
        if (link != current || stopped) {
            return;
        }
        if (link.wasEstablished()) {
            downSinceMillis = System.currentTimeMillis();
            synchronized (this) {
                attempts = 0;
            }
        }
        retryLater();
    }

    /** This remote as monitoring shows it: connected or since when it is not. */
    LeafRemoteState state() {
        LeafLink l = current;
        if (l != null && l.established()) {
            URI url = l.handshake().url();
            return new LeafRemoteState(
                    remote.urls(),
                    remote.account(),
                    true,
                    url,
                    l.handshake().peerName(),
                    l.rttNanos(),
                    l.establishedMillis(),
                    0);
        }
        long failed;
        synchronized (this) {
            failed = attempts;
        }
        return new LeafRemoteState(remote.urls(), remote.account(), false, null, null, 0, downSinceMillis, failed);
    }

    void loopDetected() {
        loopDetected = true;
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        long delay = loopDetected ? TimeUnit.SECONDS.toMillis(LeafLink.LOOP_RECONNECT_DELAY_SECONDS) : delayMillis;
        loopDetected = false;
        try {
            group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the server is stopping
        }
    }

    void stop() {
        stopped = true;
        LeafLink l = current;
        if (l != null) {
            l.close("Server Shutdown");
        }
    }
}
