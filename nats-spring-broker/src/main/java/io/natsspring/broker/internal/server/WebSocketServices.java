package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.auth.Authenticator;
import io.natsspring.broker.internal.client.AccountBinding;
import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.ClientServices;
import io.natsspring.broker.internal.client.ConnectionLimits;
import io.natsspring.broker.internal.client.MessageRouter;
import java.time.Duration;

/**
 * What a WebSocket client connection gets from the broker: everything the TCP clients get (the same accounts,
 * connection count and events), except its INFO (the WebSocket port's), the {@code authorization} override of the
 * {@code websocket} block when there is one, and its {@code authorization { timeout }}.
 */
final class WebSocketServices implements ClientServices {

    private final ClientRegistry clients;
    /** The override's authenticator, or {@code null} to use the server's (reloadable) one. */
    private volatile Authenticator override;

    private final boolean authOverride;

    private final Duration authTimeout;
    private final String host;
    private final int port;
    private final boolean tls;
    private ServerInfo base;
    private ServerInfo info;
    /** Without the override's {@code auth_required}: the INFO nats-server sends after the CONNECT. */
    private ServerInfo connectedInfo;

    WebSocketServices(
            ClientRegistry clients,
            Authenticator override,
            boolean authOverride,
            Duration authTimeout,
            String host,
            int port,
            boolean tls) {
        this.clients = clients;
        this.authOverride = authOverride;
        this.override = override;
        this.authTimeout = authTimeout;
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    /** A configuration reload: the override's new authenticator ({@code null}: the server's). */
    void override(Authenticator reloaded) {
        this.override = reloaded;
    }

    /** The WebSocket INFO derived from the server's current one (which a reload may replace). */
    private synchronized ServerInfo info() {
        refresh();
        return info;
    }

    private synchronized ServerInfo connectedInfo() {
        refresh();
        return connectedInfo;
    }

    private void refresh() {
        ServerInfo current = clients.info();
        if (current != base) {
            base = current;
            info = current.forWebSocket(host, port, tls, authOverride);
            connectedInfo = current.forWebSocket(host, port, tls, false);
        }
    }

    @Override
    public ConnectionLimits limits() {
        ConnectionLimits l = clients.limits();
        if (authTimeout == null) {
            return l;
        }
        return new ConnectionLimits(
                l.maxPayload(),
                l.maxControlLine(),
                l.pingInterval(),
                l.maxPingsOut(),
                l.writeDeadline(),
                l.maxPending(),
                authTimeout);
    }

    @Override
    public MessageRouter router() {
        return clients.router();
    }

    @Override
    public Authenticator authenticator() {
        return override != null ? override : clients.authenticator();
    }

    @Override
    public AccountBinding account(String user) {
        return clients.account(user);
    }

    @Override
    public AccountBinding accountNamed(String name) {
        return clients.accountNamed(name);
    }

    @Override
    public boolean accountConnectionOpened(String account, long max) {
        return clients.accountConnectionOpened(account, max);
    }

    @Override
    public void accountConnectionClosed(String account) {
        clients.accountConnectionClosed(account);
    }

    @Override
    public String infoJson(long clientId, String clientIp) {
        return info().json(clientId, clientIp, null);
    }

    @Override
    public String infoJson(long clientId, String clientIp, String nonce) {
        return info().json(clientId, clientIp, nonce);
    }

    @Override
    public String connectInfoJson(long clientId, String clientIp, String account, int maxPayload) {
        return connectedInfo().connectJson(clientId, clientIp, account, maxPayload);
    }

    @Override
    public String lameDuckInfoJson(long clientId, String clientIp, String account, int maxPayload) {
        return connectedInfo().lameDuckJson(clientId, clientIp, account, maxPayload);
    }

    @Override
    public boolean opened(ClientConnection connection) {
        return clients.opened(connection);
    }

    @Override
    public void slowConsumerDetected(ClientConnection connection) {
        clients.slowConsumerDetected(connection);
    }

    @Override
    public void closed(ClientConnection connection) {
        clients.closed(connection);
    }

    @Override
    public void connected(ClientConnection connection) {
        clients.connected(connection);
    }
}
