package io.natsspring.broker.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * The TLS upgrade after the INFO: looks at the client's first record; a TLS handshake puts the TLS handler in
 * its place, plain text closes the connection without a word (as {@code nats-server}, whose handshake fails on
 * it) unless {@code allow_non_tls} lets the client go on in plain text.
 */
final class TlsUpgrade extends OptionalSslHandler {

    /** User event fired when the client goes on in plain text ({@code allow_non_tls}). */
    static final Object PLAIN_TEXT = new Object();

    private final boolean allowNonTls;

    TlsUpgrade(SslContext context, boolean allowNonTls) {
        super(context);
        this.allowNonTls = allowNonTls;
    }

    @Override
    protected SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext context) {
        return ClientTls.sslHandler(ctx.channel(), context);
    }

    @Override
    protected ChannelHandler newNonSslHandler(ChannelHandlerContext ctx) {
        if (allowNonTls) {
            ctx.fireUserEventTriggered(PLAIN_TEXT);
            return null;
        }
        return new RefusePlainText();
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
