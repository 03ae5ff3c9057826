package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.JetStreamService;
import io.natsspring.broker.internal.monitor.MonitoredBroker;
import io.natsspring.broker.internal.monitor.Traffic;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The read-only view of a running {@link BrokerServer} that the monitoring endpoints render. */
final class BrokerMonitorView implements MonitoredBroker {

    private final BrokerServer server;
    private final ServerSettings settings;
    private final ClientRegistry clients;
    private final MessageRouter router;

    BrokerMonitorView(BrokerServer server, ServerSettings settings, ClientRegistry clients, MessageRouter router) {
        this.server = server;
        this.settings = settings;
        this.clients = clients;
        this.router = router;
    }

    @Override
    public String serverId() {
        return server.serverId();
    }

    @Override
    public String serverName() {
        return server.serverName();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", BrokerVersion.NATS_SERVER_VERSION);
        m.put("proto", BrokerVersion.PROTOCOL);
        m.put("host", settings.host());
        m.put("port", server.boundPort());
        m.put("auth_required", settings.authRequired());
        m.put("max_connections", settings.maxConnections());
        m.put("ping_interval", settings.limits().pingInterval().toNanos());
        m.put("ping_max", settings.limits().maxPingsOut());
        m.put("http_port", server.httpPort());
        m.put("max_control_line", settings.limits().maxControlLine());
        m.put("max_payload", settings.limits().maxPayload());
        m.put("max_pending", settings.limits().maxPending());
        m.put("write_deadline", settings.limits().writeDeadline().toNanos());
        m.put("auth_timeout", settings.limits().authTimeout().toNanos() / 1e9);
        return m;
    }

    @Override
    public long startedMillis() {
        return server.startedMillis();
    }

    @Override
    public Collection<ClientConnection> connections() {
        return clients.connections();
    }

    @Override
    public int subscriptionCount() {
        return router.subscriptionCount();
    }

    @Override
    public long totalConnections() {
        return clients.totalConnections();
    }

    @Override
    public long slowConsumers() {
        return clients.slowConsumers();
    }

    @Override
    public Traffic closedTraffic() {
        return clients.closedTraffic();
    }

    @Override
    public Map<String, Object> jetStreamSummary() {
        JetStreamService js = server.jetStream();
        return js == null ? null : js.monitoringSummary();
    }
}
