package io.natsspring.broker.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code handshake_first} with a fallback delay ({@code "auto"}: 50 ms, or a duration), as {@code nats-server}:
 * the INFO is held back while the server waits for the client's first bytes. Bytes within the delay mean a TLS
 * first client: the TLS handler takes over and the INFO goes out encrypted after the handshake. Nothing within
 * the delay: the INFO is sent in plain text and the client is served as without {@code handshake_first}
 * (upgrade after the INFO, or plain text with {@code allow_non_tls}). The connection's handlers behind see it
 * become active only once the choice is made.
 */
final class TlsFirstFallback extends ChannelInboundHandlerAdapter {

    private final ClientTls tls;
    private final long delayNanos;
    private ScheduledFuture<?> timer;
    private boolean decided;

    TlsFirstFallback(ClientTls tls, long delayNanos) {
        this.tls = tls;
        this.delayNanos = delayNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> fallBack(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof ByteBuf b && !b.isReadable()) {
            b.release();
            return;
        }
        decided = true;
        timer.cancel(false);
        continueWith(ctx, tls.newTlsHandler(ctx.channel()), msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
        }
        decided = true;
        super.channelInactive(ctx);
    }

    private void fallBack(ChannelHandlerContext ctx) {
        if (decided || !ctx.channel().isActive()) {
            return;
        }
        decided = true;
        continueWith(ctx, new TlsUpgrade(tls, tls.settings().allowNonTls()), null);
    }

    /** Puts {@code next} in this handler's place, lets the handlers behind see the channel active, then the bytes. */
    private void continueWith(ChannelHandlerContext ctx, ChannelHandler next, Object firstRead) {
        ctx.pipeline().replace(this, "tls", next);
        ChannelHandlerContext nextCtx = ctx.pipeline().context(next);
        nextCtx.fireChannelActive();
        if (firstRead != null) {
            nextCtx.pipeline().fireChannelRead(firstRead);
        }
    }
}
