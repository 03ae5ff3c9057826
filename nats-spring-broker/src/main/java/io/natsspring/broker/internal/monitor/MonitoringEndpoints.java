package io.natsspring.broker.internal.monitor;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code /varz}, {@code /connz}, {@code /subsz}, {@code /jsz} and {@code /healthz} as maps shaped like
 * {@code nats-server}'s monitoring JSON (the commonly used fields).
 */
final class MonitoringEndpoints {

    private final MonitoredBroker broker;

    MonitoringEndpoints(MonitoredBroker broker) {
        this.broker = broker;
    }

    /** The document for a path, or {@code null} when there is none. */
    Map<String, Object> render(String path, Map<String, List<String>> query) {
        switch (path) {
            case "/varz":
                return varz();
            case "/connz":
                return connz(query);
            case "/subsz":
                return subsz();
            case "/healthz":
                return Map.of("status", "ok");
            case "/jsz": {
                Map<String, Object> js = broker.jetStreamSummary();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("server_id", broker.serverId());
                m.put("now", GoTime.format(Instant.now()));
                m.put("disabled", js == null);
                if (js != null) {
                    m.putAll(js);
                    if (boolParam(query, "accounts")) {
                        m.put("account_details", broker.jetStreamAccounts());
                    }
                }
                return m;
            }
            case "/accountz":
                return accountz(query);
            case "/":
                return Map.of("endpoints", List.of("/varz", "/connz", "/subsz", "/jsz", "/healthz", "/accountz"));
            default:
                return null;
        }
    }

    /** {@code /accountz}: the account names, or with {@code acc=NAME} that account's detail. */
    private Map<String, Object> accountz(Map<String, List<String>> query) {
        List<String> acc = query.get("acc");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        if (acc == null || acc.isEmpty() || acc.get(0).isEmpty()) {
            m.put("accounts", broker.accountNames());
            return m;
        }
        Map<String, Object> detail = broker.accountDetail(acc.get(0));
        if (detail == null) {
            return null;
        }
        m.put("account_detail", detail);
        return m;
    }

    private Map<String, Object> varz() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("server_name", broker.serverName());
        m.putAll(broker.settings());
        long started = broker.startedMillis();
        m.put("start", GoTime.format(Instant.ofEpochMilli(started)));
        m.put("now", GoTime.format(Instant.now()));
        m.put("uptime", uptime(System.currentTimeMillis() - started));
        Runtime rt = Runtime.getRuntime();
        m.put("mem", rt.totalMemory() - rt.freeMemory());
        m.put("cores", rt.availableProcessors());
        Traffic traffic = broker.closedTraffic();
        List<ClientConnection> conns = new ArrayList<>(broker.connections());
        for (ClientConnection c : conns) {
            traffic = traffic.plus(c.inMsgs(), c.outMsgs(), c.inBytes(), c.outBytes());
        }
        m.put("connections", conns.size());
        m.put("total_connections", broker.totalConnections());
        m.put("routes", 0);
        m.put("remotes", 0);
        m.put("leafnodes", 0);
        m.put("in_msgs", traffic.inMsgs());
        m.put("out_msgs", traffic.outMsgs());
        m.put("in_bytes", traffic.inBytes());
        m.put("out_bytes", traffic.outBytes());
        m.put("slow_consumers", broker.slowConsumers());
        m.put("subscriptions", broker.subscriptionCount());
        Map<String, Object> js = broker.jetStreamSummary();
        if (js != null) {
            m.put("jetstream", js);
        }
        return m;
    }

    private Map<String, Object> connz(Map<String, List<String>> query) {
        int offset = intParam(query, "offset", 0);
        int limit = intParam(query, "limit", 1024);
        boolean subs = boolParam(query, "subs");
        boolean auth = boolParam(query, "auth");
        List<ClientConnection> all = new ArrayList<>(broker.connections());
        all.sort(Comparator.comparingLong(ClientConnection::id));
        List<Map<String, Object>> list = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = offset; i < all.size() && list.size() < limit; i++) {
            ClientConnection c = all.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("cid", c.id());
            e.put("kind", "Client");
            e.put("type", "nats");
            e.put("ip", c.clientIp());
            e.put("port", c.clientPort());
            e.put("start", GoTime.format(Instant.ofEpochMilli(c.startedMillis())));
            e.put("uptime", uptime(now - c.startedMillis()));
            e.put("pending_bytes", c.pendingBytes());
            e.put("in_msgs", c.inMsgs());
            e.put("out_msgs", c.outMsgs());
            e.put("in_bytes", c.inBytes());
            e.put("out_bytes", c.outBytes());
            e.put("subscriptions", c.subscriptionCount());
            putIfPresent(e, "name", c.name());
            putIfPresent(e, "lang", c.lang());
            putIfPresent(e, "version", c.version());
            putIfPresent(e, "authorized_user", c.user());
            if (auth) {
                e.put("account", c.account());
            }
            if (subs) {
                e.put("subscriptions_list", c.subscriptionSubjects());
            }
            list.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        m.put("num_connections", list.size());
        m.put("total", all.size());
        m.put("offset", offset);
        m.put("limit", limit);
        m.put("connections", list);
        return m;
    }

    private Map<String, Object> subsz() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        m.put("num_subscriptions", broker.subscriptionCount());
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static int intParam(Map<String, List<String>> q, String name, int dflt) {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Math.max(0, Integer.parseInt(v.get(0)));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static boolean boolParam(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v != null && !v.isEmpty() && (v.get(0).equals("1") || v.get(0).equalsIgnoreCase("true"));
    }

    /** Go-style duration text as {@code nats-server} prints uptimes: {@code 1d2h3m4s}. */
    static String uptime(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        StringBuilder b = new StringBuilder();
        if (d.toDays() > 0) {
            b.append(d.toDays()).append('d');
        }
        if (d.toHoursPart() > 0) {
            b.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            b.append(d.toMinutesPart()).append('m');
        }
        return b.append(d.toSecondsPart()).append('s').toString();
    }
}
