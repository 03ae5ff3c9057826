package io.natsspring.broker.internal.monitor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP monitoring listener ({@code -m/--http_port}): read-only JSON at {@code /varz}, {@code /connz},
 * {@code /subsz}, {@code /jsz} and {@code /healthz}.
 */
public final class MonitoringServer implements AutoCloseable {

    private final JsonMapper json = JsonMapper.builder().build();
    private final MonitoringEndpoints endpoints;
    private Channel channel;

    public MonitoringServer(MonitoredBroker broker) {
        this.endpoints = new MonitoringEndpoints(broker);
    }

    /** Binds on {@code host:port} (0 = a free port) using the broker's event loops; returns the bound port. */
    public int start(EventLoopGroup group, String host, int port) {
        return start(group, host, port, null);
    }

    /** As {@link #start(EventLoopGroup, String, int)}, over HTTPS with {@code tls} unless it is {@code null}. */
    public int start(EventLoopGroup group, String host, int port, SslContext tls) {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192), new Handler());
                    }
                });
        ChannelFuture f = b.bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IllegalStateException(
                    "Can not listen for monitoring on " + host + ":" + port + " (" + f.cause()
                            + "); choose another http_port",
                    f.cause());
        }
        channel = f.channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            String path = q.path().length() > 1 && q.path().endsWith("/")
                    ? q.path().substring(0, q.path().length() - 1)
                    : q.path();
            FullHttpResponse resp =
                    req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD)
                            ? respond(path, q)
                            : text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(resp, keepAlive);
            ChannelFuture f = ctx.writeAndFlush(resp);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse respond(String path, QueryStringDecoder q) {
            Map<String, Object> doc;
            try {
                doc = endpoints.render(path, q.parameters());
            } catch (MonitorRequestException e) {
                return text(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            }
            if (doc == null) {
                return text(HttpResponseStatus.NOT_FOUND, "404 page not found\n");
            }
            HttpResponseStatus status = HttpResponseStatus.OK;
            if ("/healthz".equals(path) && doc.get("status_code") instanceof Integer code) {
                // nats-server: the status code is the HTTP status, not part of the body
                doc = new java.util.LinkedHashMap<>(doc);
                doc.remove("status_code");
                status = HttpResponseStatus.valueOf(code);
            }
            byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
            FullHttpResponse resp =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return resp;
        }

        private FullHttpResponse text(HttpResponseStatus status, String body) {
            FullHttpResponse r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            return r;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
