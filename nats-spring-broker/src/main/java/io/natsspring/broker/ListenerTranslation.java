package io.natsspring.broker;

import io.natsspring.broker.internal.client.ConnectionLimits;
import io.natsspring.broker.internal.jetstream.JetStreamSettings;
import io.natsspring.broker.internal.leaf.LeafSettings;
import io.natsspring.broker.internal.server.ServerSettings;
import io.natsspring.broker.internal.tls.ClientTls;
import io.natsspring.broker.internal.websocket.WebSocketSettings;

/** The broker's public listener options (client port, leaf nodes, WebSocket) translated into the internal settings. */
final class ListenerTranslation {

    private ListenerTranslation() {}

    static LeafSettings leafSettings(LeafNodeConfig c) {
        if (c == null) {
            return null;
        }
        LeafNodeConfig.Authorization a = c.authorization();
        LeafSettings.Authorization auth = a == null
                ? null
                : new LeafSettings.Authorization(
                        a.user(),
                        a.password(),
                        a.users().stream()
                                .map(u -> new LeafSettings.User(u.user(), u.password(), u.account()))
                                .toList(),
                        a.timeout(),
                        a.account(),
                        a.nkey());
        return new LeafSettings(
                c.host(),
                c.port(),
                auth,
                c.remotes().stream()
                        .map(r -> new LeafSettings.Remote(
                                r.urls(),
                                r.account(),
                                r.credentials(),
                                r.denyImports(),
                                r.denyExports(),
                                TlsTranslation.remoteTls(r.tls()),
                                r.seed()))
                        .toList(),
                c.reconnectDelay(),
                c.tls() == null ? null : TlsTranslation.tlsSettings(c.tls()));
    }

    static WebSocketSettings webSocketSettings(BrokerOptions options) {
        WebSocketConfig ws = options.webSocket();
        return new WebSocketSettings(
                ws.host() == null ? options.host() : ws.host(),
                ws.port(),
                ws.advertise(),
                ws.tls() == null ? null : new ClientTls(TlsTranslation.tlsSettings(ws.tls())),
                ws.sameOrigin(),
                ws.allowedOrigins(),
                ws.compression(),
                ws.handshakeTimeout(),
                ws.headers(),
                ws.jwtCookie(),
                ws.userCookie(),
                ws.passwordCookie(),
                ws.tokenCookie(),
                ws.noAuthUser(),
                ws.tls() != null && ws.tls().verifyAndMap(),
                ws.authOverride());
    }

    static ServerSettings settings(BrokerOptions o) {
        ConnectionLimits limits = new ConnectionLimits(
                o.maxPayload(),
                o.maxControlLine(),
                o.pingInterval(),
                o.maxPingsOut(),
                o.writeDeadline(),
                o.maxPending(),
                o.authTimeout());
        JetStreamSettings jetStream = o.jetStream()
                ? new JetStreamSettings(
                        o.storeDir(),
                        o.maxMemoryStore(),
                        o.maxFileStore(),
                        o.syncInterval(),
                        o.syncAlways(),
                        o.jetStreamRequestQueueLimit(),
                        o.jetStreamDomain(),
                        o.jetStreamInfoQueueLimit(),
                        o.jetStreamIngestHeapPercent())
                : null;
        int httpPort = o.httpPort() == BrokerOptions.MONITORING_DISABLED ? ServerSettings.MONITORING_OFF : o.httpPort();
        return new ServerSettings(
                o.host(), o.port(), o.serverName(), o.maxConnections(), limits, o.authRequired(), httpPort, jetStream);
    }
}
