package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.account.Account;
import io.natsspring.broker.internal.account.AccountSpec;
import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.JetStreamService;
import io.natsspring.broker.internal.leaf.LeafLinkInfo;
import io.natsspring.broker.internal.leaf.LeafNodes;
import io.natsspring.broker.internal.leaf.LeafSettings;
import io.natsspring.broker.internal.monitor.MonitoredBroker;
import io.natsspring.broker.internal.monitor.Traffic;
import io.natsspring.broker.internal.time.GoDuration;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
        m.put("websocket", webSocketVarz());
        return m;
    }

    /** {@code /varz}'s {@code websocket}, as {@code nats-server}'s (empty without a listener; empty fields left out). */
    private Map<String, Object> webSocketVarz() {
        Map<String, Object> m = new LinkedHashMap<>();
        io.natsspring.broker.internal.websocket.WebSocketSettings ws = server.webSocketSettings();
        if (ws == null) {
            return m;
        }
        m.put("host", ws.host());
        m.put("port", server.webSocketPort() > 0 ? server.webSocketPort() : ws.port());
        putIf(m, "advertise", ws.advertise());
        putIf(m, "no_auth_user", ws.noAuthUser());
        putIf(m, "jwt_cookie", ws.jwtCookie());
        if (ws.handshakeTimeout() != null) {
            m.put("handshake_timeout", ws.handshakeTimeout().toNanos());
        }
        java.time.Duration authTimeout = server.webSocketAuthTimeout();
        if (authTimeout != null) {
            m.put("auth_timeout", authTimeout.toNanos() / 1e9);
        }
        if (ws.tls() == null) {
            m.put("no_tls", true);
        }
        if (ws.tlsMap()) {
            m.put("tls_map", true);
        }
        if (ws.sameOrigin()) {
            m.put("same_origin", true);
        }
        if (!ws.allowedOrigins().isEmpty()) {
            m.put("allowed_origins", ws.allowedOrigins());
        }
        if (ws.compression()) {
            m.put("compression", true);
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
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
        return server.subscriptionCount();
    }

    @Override
    public int accountSubscriptionCount(String account) {
        return server.subscriptionCount(account);
    }

    @Override
    public String systemAccount() {
        return server.accounts().system().name();
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
    public java.util.Map<String, Boolean> featureFlags() {
        return server.featureFlags();
    }

    @Override
    public Traffic closedTraffic(String account) {
        return clients.closedTraffic(account);
    }

    @Override
    public Map<String, Object> jetStreamSummary() {
        List<Account> withJs = new ArrayList<>();
        for (Account a : server.accounts().all()) {
            if (a.jetStream() != null) {
                withJs.add(a);
            }
        }
        if (withJs.isEmpty()) {
            return null;
        }
        if (withJs.size() == 1 && withJs.get(0) == server.accounts().global()) {
            return withJs.get(0).jetStream().monitoringSummary();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        if (settings.jetStream() != null) {
            config.put(
                    "max_memory",
                    settings.jetStream().maxMemoryStore() < 0
                            ? -1
                            : settings.jetStream().maxMemoryStore());
            config.put(
                    "max_storage",
                    settings.jetStream().maxFileStore() < 0
                            ? -1
                            : settings.jetStream().maxFileStore());
        }
        long total = 0;
        long errors = 0;
        for (String key : List.of("memory", "storage", "streams", "messages", "bytes")) {
            long sum = 0;
            for (Account a : withJs) {
                sum += ((Number) a.jetStream().monitoringSummary().get(key)).longValue();
            }
            m.put(key, sum);
        }
        for (Account a : withJs) {
            Map<?, ?> api = (Map<?, ?>) a.jetStream().monitoringSummary().get("api");
            total += ((Number) api.get("total")).longValue();
            errors += ((Number) api.get("errors")).longValue();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", config);
        out.putAll(m);
        out.put("accounts", withJs.size());
        out.put("api", Map.of("total", total, "errors", errors));
        Map<String, Object> offline = new LinkedHashMap<>();
        for (Account a : withJs) {
            Object o = a.jetStream().monitoringSummary().get("offline_streams");
            if (o instanceof Map<?, ?> streams) {
                streams.forEach((k, v) -> offline.put(a.name() + " > " + k, v));
            }
        }
        if (!offline.isEmpty()) {
            out.put("offline_streams", offline);
        }
        return out;
    }

    @Override
    public List<Map<String, Object>> jetStreamHealthErrors() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Account a : server.accounts().all()) {
            JetStreamService js = a.jetStream();
            if (js == null) {
                continue;
            }
            js.registry().offlineStreams().forEach((stream, reason) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("type", "STREAM");
                e.put("account", a.name());
                e.put("stream", stream);
                e.put("error", "JetStream stream '" + a.name() + " > " + stream + "' is offline: " + reason);
                out.add(e);
            });
        }
        return out;
    }

    @Override
    public int jetStreamConsumerCount() {
        int n = 0;
        for (Account a : server.accounts().all()) {
            if (a.jetStream() != null) {
                n += a.jetStream().consumerCount();
            }
        }
        return n;
    }

    @Override
    public Object jetStreamStreamDetails(String account, boolean consumers, boolean config) {
        Account a = server.accounts().get(account);
        if (a == null || a.jetStream() == null) {
            return null;
        }
        return a.jetStream().streamDetails(serverName(), consumers, config);
    }

    @Override
    public List<Map<String, Object>> jetStreamAccounts() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Account a : server.accounts().all()) {
            JetStreamService js = a.jetStream();
            if (js == null) {
                continue;
            }
            Map<String, Object> summary = js.monitoringSummary();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", a.name());
            d.put("id", a.name());
            d.put("memory", summary.get("memory"));
            d.put("storage", summary.get("storage"));
            d.put("streams", summary.get("streams"));
            d.put("messages", summary.get("messages"));
            d.put("bytes", summary.get("bytes"));
            d.put("api", summary.get("api"));
            d.put("reserved_memory", js.registry().usage().maxMemory());
            d.put("reserved_storage", js.registry().usage().maxStore());
            out.add(d);
        }
        return out;
    }

    @Override
    public List<String> accountNames() {
        List<String> names = new ArrayList<>();
        server.accounts().all().forEach(a -> names.add(a.name()));
        return names;
    }

    @Override
    public Map<String, Object> accountDetail(String name) {
        Account a = server.accounts().get(name);
        if (a == null) {
            return null;
        }
        int clientsIn = 0;
        for (ClientConnection c : clients.connections()) {
            if (c.account().equals(name)) {
                clientsIn++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account_name", name);
        m.put("update_time", GoTime.format(Instant.ofEpochMilli(server.startedMillis())));
        m.put("expired", false);
        m.put("complete", true);
        m.put("jetstream_enabled", a.jetStream() != null);
        LeafNodes leafs = server.leafNodes();
        m.put("leafnode_connections", leafs == null ? 0 : leafs.count(name));
        m.put("client_connections", clientsIn);
        m.put("subscriptions", server.subscriptionCount(name));
        List<Map<String, Object>> exports = new ArrayList<>();
        for (AccountSpec.ExportSpec e : a.spec().exports()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("subject", e.subject());
            x.put("type", e.service() ? "service" : "stream");
            if (!e.accounts().isEmpty()) {
                x.put("approved_accounts", e.accounts().stream().sorted().toList());
            }
            if (e.service()) {
                String r = e.responses().name();
                x.put("response_type", r.charAt(0) + r.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            exports.add(x);
        }
        if (!exports.isEmpty()) {
            m.put("exports", exports);
        }
        List<Map<String, Object>> imports = new ArrayList<>();
        for (AccountSpec.ImportSpec i : a.spec().imports()) {
            Map<String, Object> x = new LinkedHashMap<>();
            String local = i.to() != null ? i.to() : i.subject();
            x.put("subject", i.subject());
            x.put("account", i.account());
            if (i.service()) {
                x.put("to", local);
            }
            x.put("local_subject", local);
            x.put("type", i.service() ? "service" : "stream");
            x.put("invalid", false);
            x.put("share", false);
            x.put("tracking", false);
            imports.add(x);
        }
        if (!imports.isEmpty()) {
            m.put("imports", imports);
        }
        if (!a.spec().mappings().isEmpty()) {
            Map<String, Object> mappings = new LinkedHashMap<>();
            a.spec()
                    .mappings()
                    .forEach((source, ds) -> mappings.put(
                            source,
                            ds.stream()
                                    .map(d -> Map.<String, Object>of("destination", d.subject(), "weight", d.weight()))
                                    .toList()));
            m.put("mappings", mappings);
        }
        m.put("name_tag", name);
        return m;
    }

    @Override
    public List<Map<String, Object>> leafNodes() {
        LeafNodes leafs = server.leafNodes();
        if (leafs == null) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (LeafLinkInfo l : leafs.links()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", l.id());
            m.put("name", l.name());
            m.put("is_spoke", l.spoke());
            m.put("account", l.account());
            m.put("ip", l.ip());
            m.put("port", l.port());
            m.put("rtt", GoDuration.format(l.rttNanos()));
            m.put("in_msgs", l.inMsgs());
            m.put("out_msgs", l.outMsgs());
            m.put("in_bytes", l.inBytes());
            m.put("out_bytes", l.outBytes());
            m.put("subscriptions", l.subscriptions());
            m.put("subscriptions_list", l.subjects());
            m.put("compression", "not supported");
            out.add(m);
        }
        return out;
    }

    @Override
    public Map<String, Object> leafSettings() {
        LeafNodes leafs = server.leafNodes();
        if (leafs == null || leafs.port() < 0) {
            return Map.of();
        }
        LeafSettings ls = leafs.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", ls.host() == null ? settings.host() : ls.host());
        m.put("port", leafs.port());
        LeafSettings.Authorization a = ls.authorization();
        m.put(
                "auth_timeout",
                a == null || a.timeout() == null ? 2.0 : a.timeout().toNanos() / 1e9);
        m.put("tls_timeout", ls.tls() == null ? 2.0 : ls.tls().timeout().toNanos() / 1e9);
        if (ls.tls() != null) {
            m.put("tls_required", true);
            if (ls.tls().verify()) {
                m.put("tls_verify", true);
            }
        }
        return m;
    }
}
