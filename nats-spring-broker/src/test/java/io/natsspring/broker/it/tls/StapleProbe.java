package io.natsspring.broker.it.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TLS client that asks for the server's stapled OCSP response ({@code status_request}) and returns what it got:
 * it reads the server's INFO line in plain text, then runs the TLS handshake with Netty's OpenSSL engine
 * ({@code enableOcsp}) and reads {@code getOcspResponse()}. Not a NATS client: it stops after the handshake.
 */
final class StapleProbe {

    private StapleProbe() {}

    static boolean available() {
        return OpenSsl.isAvailable() && OpenSsl.isOcspSupported();
    }

    /** The stapled DER response, empty when the server stapled nothing. */
    static Optional<byte[]> staple(int port, X509Certificate ca) throws Exception {
        SslContext ssl = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .enableOcsp(true)
                .trustManager(ca)
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        try {
            new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new AfterInfo(ssl, port, result));
                        }
                    })
                    .connect("127.0.0.1", port)
                    .sync();
            byte[] der = result.get(15, TimeUnit.SECONDS);
            return Optional.ofNullable(der);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Waits for the INFO line, then puts the TLS handler in front and reads the staple after the handshake. */
    private static final class AfterInfo extends ChannelInboundHandlerAdapter {
        private final SslContext ssl;
        private final int port;
        private final CompletableFuture<byte[]> result;
        private final StringBuilder info = new StringBuilder();
        private boolean upgraded;

        AfterInfo(SslContext ssl, int port, CompletableFuture<byte[]> result) {
            this.ssl = ssl;
            this.port = port;
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (upgraded) {
                    return;
                }
                info.append(buf.toString(StandardCharsets.US_ASCII));
                if (info.indexOf("\r\n") < 0) {
                    return;
                }
                upgraded = true;
                SslHandler h = ssl.newHandler(ctx.alloc(), "localhost", port);
                ctx.pipeline().addFirst(h);
                h.handshakeFuture().addListener(f -> {
                    if (f.isSuccess()) {
                        result.complete(((ReferenceCountedOpenSslEngine) h.engine()).getOcspResponse());
                    } else {
                        result.completeExceptionally(f.cause());
                    }
                    ctx.close();
                });
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IllegalStateException("closed before the handshake"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
