package io.natsspring.broker.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * The TLS upgrade after the INFO: looks at the client's first record; a TLS handshake puts the TLS handler in
 * its place, plain text closes the connection without a word (as {@code nats-server}, whose handshake fails on
 * it) unless {@code allow_non_tls} lets the client go on in plain text.
 */
final class TlsUpgrade extends ByteToMessageDecoder {

    /** User event fired when the client goes on in plain text ({@code allow_non_tls}). */
    static final Object PLAIN_TEXT = new Object();

    /** A TLS record header is 5 bytes. */
    private static final int RECORD_HEADER = 5;

    private final ClientTls tls;
    private final boolean allowNonTls;

    private final TlsRateLimiter rateLimiter;

    TlsUpgrade(ClientTls tls, boolean allowNonTls) {
        this(tls, allowNonTls, null);
    }

    /** {@code rateLimiter}: with {@code allow_non_tls}, counts the clients that start TLS ({@code null}: none). */
    TlsUpgrade(ClientTls tls, boolean allowNonTls, TlsRateLimiter rateLimiter) {
        this.tls = tls;
        this.allowNonTls = allowNonTls;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            if (rateLimiter != null && !rateLimiter.allow()) {
                in.skipBytes(in.readableBytes());
                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(TlsThrottled.ERROR))
                        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                ctx.pipeline().replace(this, "tls-refused", new RefusePlainText());
                return;
            }
            ctx.pipeline().replace(this, "tls", tls.newTlsHandler(ctx.channel()));
        } else if (allowNonTls) {
            ctx.fireUserEventTriggered(PLAIN_TEXT);
            ctx.pipeline().remove(this);
        } else {
            ctx.pipeline().replace(this, "tls-refused", new RefusePlainText());
        }
    }

    /** Drops what a plain-text client sent and closes its connection. */
    private static final class RefusePlainText extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                ReferenceCountUtil.release(msg);
            }
            ctx.close();
        }
    }
}
