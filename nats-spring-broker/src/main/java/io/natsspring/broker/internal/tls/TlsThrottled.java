package io.natsspring.broker.internal.tls;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * In place of the TLS handlers of a connection over {@code connection_rate_limit}: the client gets
 * {@code nats-server}'s {@code -ERR 'Connection throttling is active. Please try again later.'} in plain text — after
 * the INFO, or alone with {@code handshake_first} (where the INFO waits for the handshake) — and is closed.
 */
final class TlsThrottled extends ChannelDuplexHandler {

    static final byte[] ERROR =
            "-ERR 'Connection throttling is active. Please try again later.'\r\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean passInfo;
    private boolean closing;

    /** @param passInfo whether the INFO the connection sends goes out first (not with handshake first) */
    TlsThrottled(boolean passInfo) {
        this.passInfo = passInfo;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        refuse(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // nothing the client sends is read
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (passInfo && !closing) {
            super.write(ctx, msg, promise);
        } else {
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
        }
    }

    /** Called when the upgrade finds the client starting TLS on a port that also serves plain text. */
    void refuse(ChannelHandlerContext ctx) {
        if (closing) {
            return;
        }
        closing = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ERROR)).addListener(ChannelFutureListener.CLOSE);
    }
}
