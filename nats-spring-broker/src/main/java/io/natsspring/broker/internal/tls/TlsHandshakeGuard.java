package io.natsspring.broker.internal.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sits behind the TLS handler: closes the connection when the handshake does not complete within the TLS
 * {@code timeout} (counted from the accept, as {@code nats-server} counts it from the INFO it sends at once),
 * when it fails, or when the client certificate is not pinned; records the client certificate otherwise.
 */
final class TlsHandshakeGuard extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(TlsHandshakeGuard.class.getName());

    private final long timeoutNanos;
    private final Set<String> pinned;
    private ScheduledFuture<?> timer;
    private boolean settled;

    private final boolean addedToActive;

    TlsHandshakeGuard(long timeoutNanos, Set<String> pinned) {
        this(timeoutNanos, pinned, false);
    }

    /** {@code addedToActive}: added to a connection already active, the timer starts when added. */
    TlsHandshakeGuard(long timeoutNanos, Set<String> pinned, boolean addedToActive) {
        this.timeoutNanos = timeoutNanos;
        this.pinned = pinned;
        this.addedToActive = addedToActive;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (addedToActive && ctx.channel().isActive()) {
            timer = ctx.executor().schedule(() -> timedOut(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            super.channelActive(ctx);
            return;
        }
        timer = ctx.executor().schedule(() -> timedOut(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        settle();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            settle();
            if (!done.isSuccess()) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "{0} - TLS handshake error: {1}",
                        ctx.channel().remoteAddress(),
                        String.valueOf(done.cause()));
                ctx.close();
                return;
            }
            X509Certificate peer = peer(ctx);
            if (!PinnedCertificates.accepted(pinned, peer)) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "{0} - TLS handshake error: certificate not pinned",
                        ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            if (peer != null) {
                ctx.channel().attr(PeerCertificate.KEY).set(peer);
            }
            ctx.pipeline().remove(this);
        } else if (evt == TlsUpgrade.PLAIN_TEXT) {
            settle();
            ctx.pipeline().remove(this);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void timedOut(ChannelHandlerContext ctx) {
        if (!settled) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "{0} - TLS handshake timeout",
                    ctx.channel().remoteAddress());
            ctx.channel().close();
        }
    }

    private void settle() {
        settled = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static X509Certificate peer(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException none) {
            return null;
        }
    }
}
