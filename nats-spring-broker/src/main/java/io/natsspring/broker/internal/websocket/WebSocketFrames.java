package io.natsspring.broker.internal.websocket;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.CloseReasons;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The framing between the WebSocket codec and a client connection: the payload of data frames (binary, text and
 * continuation alike: the NATS protocol is a byte stream) goes up as bytes, the connection's output goes down as
 * binary frames; pings are answered, a client's close is echoed, and a close by the server is preceded by a close
 * frame whose status tells why, as {@code nats-server} sends it.
 */
final class WebSocketFrames extends ChannelDuplexHandler {

    /** RFC 6455 close statuses. */
    static final int NORMAL = 1000;

    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int POLICY_VIOLATION = 1008;
    static final int MESSAGE_TOO_BIG = 1009;
    static final int INTERNAL_ERROR = 1011;

    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final ClientConnection client;
    private boolean closeSent;

    WebSocketFrames(ClientConnection client) {
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame
                || msg instanceof TextWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame) {
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
        } else if (msg instanceof CloseWebSocketFrame close) {
            int status = close.statusCode();
            String reason = close.reasonText();
            close.release();
            if (!closeSent && ctx.channel().isActive()) {
                closeSent = true;
                CloseWebSocketFrame echo = status < 0 || !validStatus(status)
                        ? new CloseWebSocketFrame(NORMAL, "")
                        : new CloseWebSocketFrame(status, reason);
                ctx.writeAndFlush(echo).addListener(f -> ctx.close());
            } else {
                ctx.close();
            }
        } else if (msg instanceof WebSocketFrame other) {
            other.release();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b && b.isReadable()) {
            ctx.write(new BinaryWebSocketFrame(b), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closeSent || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        closeSent = true;
        String reason = client.closeReason() == null ? CloseReasons.SERVER_SHUTDOWN : client.closeReason();
        ctx.writeAndFlush(new CloseWebSocketFrame(status(reason), truncate(reason)))
                .addListener(f -> ctx.close(promise));
    }

    /** The close status {@code nats-server} sends for a close reason. */
    static int status(String reason) {
        return switch (reason) {
            case CloseReasons.CLIENT_CLOSED -> NORMAL;
            case CloseReasons.AUTHENTICATION_TIMEOUT,
                    CloseReasons.AUTHENTICATION_FAILURE,
                    "Authentication Expired",
                    CloseReasons.SLOW_CONSUMER_PENDING_BYTES,
                    CloseReasons.SLOW_CONSUMER_WRITE_DEADLINE,
                    "Maximum Account Connections Exceeded",
                    "Maximum Connections Exceeded",
                    "Maximum Control Line Exceeded",
                    "Maximum Subscriptions Exceeded",
                    "Missing Account",
                    "Credentials Revoked" -> POLICY_VIOLATION;
            case CloseReasons.PARSE_ERROR, CloseReasons.PROTOCOL_VIOLATION, "Bad Client Protocol Version" ->
                PROTOCOL_ERROR;
            case "Maximum Message Payload Exceeded" -> MESSAGE_TOO_BIG;
            case "Write Error", CloseReasons.READ_ERROR, CloseReasons.STALE_CONNECTION, CloseReasons.SERVER_SHUTDOWN ->
                GOING_AWAY;
            default -> INTERNAL_ERROR;
        };
    }

    private static String truncate(String reason) {
        return reason.length() > MAX_CONTROL_PAYLOAD - 2
                ? reason.substring(0, MAX_CONTROL_PAYLOAD - 5) + "..."
                : reason;
    }

    /** The statuses a close frame may carry (RFC 6455 7.4), as {@code nats-server} checks them. */
    private static boolean validStatus(int code) {
        if (code == 1005 || code == 1004 || code == 1006 || code == 1015) {
            return false;
        }
        return code >= 1000 && code < 5000 && !(code >= 1016 && code <= 2999);
    }
}
