package io.natsspring.broker.internal.websocket;

import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code permessage-deflate} as {@code nats-server} negotiates it: whatever parameters the client offers, the
 * answer is {@code permessage-deflate; server_no_context_takeover; client_no_context_takeover} (each message is
 * compressed on its own). Netty's deflate codec does the work.
 */
final class DeflateNegotiation implements WebSocketServerExtensionHandshaker {

    static final String PERMESSAGE_DEFLATE = "permessage-deflate";

    private final PerMessageDeflateServerExtensionHandshaker deflate;

    /** @param maxAllocation the most bytes one message may inflate to */
    DeflateNegotiation(int maxAllocation) {
        this.deflate = new PerMessageDeflateServerExtensionHandshaker(6, false, 15, true, true, maxAllocation);
    }

    @Override
    public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offered) {
        if (!PERMESSAGE_DEFLATE.equalsIgnoreCase(offered.name())) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        parameters.put("server_no_context_takeover", null);
        parameters.put("client_no_context_takeover", null);
        return deflate.handshakeExtension(new WebSocketExtensionData(PERMESSAGE_DEFLATE, parameters));
    }
}
