package io.natsspring.broker.internal.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Writes the accepted {@code permessage-deflate} of the upgrade response as {@code nats-server} does ({@code
 * permessage-deflate; server_no_context_takeover; client_no_context_takeover}), where Netty's extension handler
 * writes the same parameters in its own order and spacing; leaves the pipeline after the upgrade response.
 */
final class DeflateResponseHeader extends ChannelOutboundHandlerAdapter {

    static final String NATS_SERVER_RESPONSE =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse r) {
            String ext = r.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
            if (ext != null && ext.startsWith(DeflateNegotiation.PERMESSAGE_DEFLATE)) {
                r.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, NATS_SERVER_RESPONSE);
            }
            if (HttpResponseStatus.SWITCHING_PROTOCOLS.equals(r.status())) {
                ctx.pipeline().remove(this);
            }
        }
        super.write(ctx, msg, promise);
    }
}
