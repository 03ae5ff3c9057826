package io.natsspring.broker.internal.websocket;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.CookieCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP upgrade of one WebSocket connection, checked in {@code nats-server}'s order and answered with its HTTP
 * statuses ({@code 405} for a method other than GET, {@code 400} for a missing or wrong header, {@code 403} for an
 * origin not allowed, {@code 404} for MQTT). Once upgraded, the connection gets its {@link WebSocketFrames} and a
 * client connection (which then sends its INFO) and this handler leaves the pipeline. The whole handshake is bounded
 * by the handshake timeout.
 */
final class WebSocketUpgrade extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final System.Logger LOG = System.getLogger(WebSocketUpgrade.class.getName());

    private final WebSocketSettings settings;
    private final OriginPolicy origins;
    private final Supplier<ClientConnection> clients;
    private final int maxFramePayload;
    private ScheduledFuture<?> timer;

    WebSocketUpgrade(
            WebSocketSettings settings, OriginPolicy origins, Supplier<ClientConnection> clients, int maxFramePayload) {
        this.settings = settings;
        this.origins = origins;
        this.clients = clients;
        this.maxFramePayload = maxFramePayload;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor()
                .schedule(
                        () -> {
                            LOG.log(
                                    System.Logger.Level.DEBUG,
                                    "{0} - websocket handshake error: timeout",
                                    ctx.channel().remoteAddress());
                            ctx.close();
                        },
                        settings.effectiveHandshakeTimeout().toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // the client connection behind this handler becomes active once the upgrade is done
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = req.uri();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.endsWith("/mqtt")) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "mqtt websocket endpoint not enabled");
            return;
        }
        String problem = problem(req);
        if (problem != null) {
            refuse(
                    ctx,
                    problem.startsWith("request method")
                            ? HttpResponseStatus.METHOD_NOT_ALLOWED
                            : HttpResponseStatus.BAD_REQUEST,
                    problem);
            return;
        }
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null || origin.isEmpty()) {
            origin = req.headers().get("Sec-Websocket-Origin");
        }
        String refusal = origins.refusal(origin, req.headers().get(HttpHeaderNames.HOST), tls);
        if (refusal != null) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "origin not allowed: " + refusal);
            return;
        }
        if (path.endsWith("/leafnode")) {
            LOG.log(System.Logger.Level.ERROR, "Not configured to accept leaf node connections");
            ctx.close();
            return;
        }
        CookieCredentials cookies = cookies(req);
        String forwardedFor = forwardedFor(req);
        HttpHeaders extra = new DefaultHttpHeaders();
        settings.headers().forEach(extra::add);
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFramePayload)
                .allowExtensions(true)
                .expectMaskedFrames(true)
                .closeOnProtocolViolation(true)
                .build();
        String url = (tls ? "wss://" : "ws://") + req.headers().get(HttpHeaderNames.HOST) + path;
        WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(url, null, decoder);
        handshaker.handshake(ctx.channel(), req, extra, ctx.newPromise()).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "{0} - websocket handshake error: {1}",
                        ctx.channel().remoteAddress(),
                        String.valueOf(f.cause()));
                ctx.close();
                return;
            }
            upgraded(ctx, cookies, forwardedFor);
        });
    }

    private void upgraded(ChannelHandlerContext ctx, CookieCredentials cookies, String forwardedFor) {
        cancelTimer();
        ChannelPipeline p = ctx.pipeline();
        ClientConnection client = clients.get();
        p.addLast("ws-frames", new WebSocketFrames(client));
        p.addLast("client", client);
        client.cookies(cookies);
        if (forwardedFor != null) {
            client.forwardedFor(forwardedFor);
        }
        p.remove(this);
        p.context("ws-frames").fireChannelActive();
    }

    /** The first problem of the request as nats-server checks it (RFC 6455 4.2.1), {@code null} for none. */
    private static String problem(FullHttpRequest req) {
        HttpHeaders h = req.headers();
        if (!HttpMethod.GET.equals(req.method())) {
            return "request method must be GET";
        }
        String host = h.get(HttpHeaderNames.HOST);
        if (host == null || host.isEmpty()) {
            return "'Host' missing in request";
        }
        if (!headerContains(h, "Upgrade", "websocket")) {
            return "invalid value for header 'Upgrade'";
        }
        if (!headerContains(h, "Connection", "Upgrade")) {
            return "invalid value for header 'Connection'";
        }
        String key = h.get("Sec-WebSocket-Key");
        if (key == null || key.isEmpty()) {
            return "key missing";
        }
        try {
            if (Base64.getDecoder().decode(key).length != 16) {
                return "invalid websocket key";
            }
        } catch (IllegalArgumentException e) {
            return "invalid websocket key";
        }
        if (!headerContains(h, "Sec-WebSocket-Version", "13")) {
            return "invalid version";
        }
        return null;
    }

    private static boolean headerContains(HttpHeaders h, String name, String value) {
        for (String v : h.getAll(name)) {
            for (String token : v.split(",")) {
                if (token.strip().equalsIgnoreCase(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private CookieCredentials cookies(FullHttpRequest req) {
        List<String> headers = req.headers().getAll(HttpHeaderNames.COOKIE);
        if (headers.isEmpty()) {
            return CookieCredentials.NONE;
        }
        String jwt = null;
        String user = null;
        String pass = null;
        String token = null;
        for (String header : headers) {
            for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                String name = c.name();
                if (name.equals(settings.jwtCookie())) {
                    jwt = c.value();
                } else if (name.equals(settings.userCookie())) {
                    user = c.value();
                } else if (name.equals(settings.passwordCookie())) {
                    pass = c.value();
                } else if (name.equals(settings.tokenCookie())) {
                    token = c.value();
                }
            }
        }
        return new CookieCredentials(jwt, user, pass, token);
    }

    /** The first {@code X-Forwarded-For} value when it is an IP address, as nats-server takes it. */
    private static String forwardedFor(FullHttpRequest req) {
        String v = req.headers().get("X-Forwarded-For");
        if (v == null) {
            return null;
        }
        v = v.strip();
        boolean ipv4 = v.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = v.indexOf(':') >= 0 && v.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            // a literal address: no name lookup
            return InetAddress.getByName(v).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** Answers with {@code status} as Go's {@code http.Error} does, logs {@code reason} and closes. */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        LOG.log(
                System.Logger.Level.ERROR,
                "{0} - websocket handshake error: {1}",
                ctx.channel().remoteAddress(),
                reason);
        ByteBuf body = Unpooled.copiedBuffer(status.reasonPhrase() + "\n", StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set("Sec-Websocket-Version", "13")
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, "close");
        cancelTimer();
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(
                System.Logger.Level.DEBUG,
                () -> ctx.channel().remoteAddress() + " - websocket handshake error: " + cause);
        ctx.close();
    }
}
