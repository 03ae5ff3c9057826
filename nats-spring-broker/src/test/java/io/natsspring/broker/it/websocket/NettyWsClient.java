package io.natsspring.broker.it.websocket;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client with {@code permessage-deflate} (Netty's; jnats does not compress), for the compression
 * scenario: it records whether each server frame arrived compressed (RSV1 set) before Netty inflates it.
 */
final class NettyWsClient implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<String> frames = new ArrayBlockingQueue<>(1000);
    private final BlockingQueue<Boolean> compressed = new ArrayBlockingQueue<>(1000);
    private final CompletableFuture<String> handshake = new CompletableFuture<>();
    private Channel channel;
    private boolean lastCompressed;

    static NettyWsClient connect(int port) throws Exception {
        NettyWsClient c = new NettyWsClient();
        c.open(port);
        return c;
    }

    private void open(int port) throws Exception {
        WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(
                URI.create("ws://127.0.0.1:" + port + "/"), WebSocketVersion.V13, null, true, new DefaultHttpHeaders());
        channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20))
                                .addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof WebSocketFrame f) {
                                            compressed.add((f.rsv() & 0x4) != 0);
                                        }
                                        ctx.fireChannelRead(msg);
                                    }
                                })
                                // offers server_no_context_takeover, which nats-server always answers with
                                .addLast(new WebSocketClientExtensionHandler(
                                        new PerMessageDeflateClientExtensionHandshaker(
                                                6, false, 15, true, true, 1 << 20)))
                                .addLast(new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        hs.handshake(ctx.channel());
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                        if (!hs.isHandshakeComplete() && msg instanceof FullHttpResponse r) {
                                            String ext = r.headers().get("Sec-WebSocket-Extensions");
                                            hs.finishHandshake(ctx.channel(), r);
                                            handshake.complete(ext);
                                        } else if (msg instanceof WebSocketFrame f) {
                                            frames.add(f.content().toString(StandardCharsets.UTF_8));
                                        }
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        handshake.completeExceptionally(cause);
                                        ctx.close();
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port)
                .sync()
                .channel();
        handshake.get(5, TimeUnit.SECONDS);
    }

    /** The extensions the server accepted. */
    String extensions() throws Exception {
        return handshake.get(5, TimeUnit.SECONDS);
    }

    /** The payload of the next data frame. */
    String next() throws InterruptedException {
        String f = frames.poll(5, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 5 s");
        }
        Boolean c = compressed.poll(1, TimeUnit.SECONDS);
        lastCompressed = c != null && c;
        return f;
    }

    /** Whether the frame {@link #next()} returned last came compressed. */
    boolean lastCompressed() {
        return lastCompressed;
    }

    void send(String text) throws InterruptedException {
        channel.writeAndFlush(
                        new BinaryWebSocketFrame(io.netty.buffer.Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)))
                .sync();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
