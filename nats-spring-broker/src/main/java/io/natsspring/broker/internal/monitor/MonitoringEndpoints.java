package io.natsspring.broker.internal.monitor;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.SubscriptionDetail;
import io.natsspring.broker.internal.jetstream.stream.ConsumerLimits;
import io.natsspring.broker.internal.time.GoTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@code /varz}, {@code /connz}, {@code /subsz}, {@code /jsz}, {@code /healthz} and {@code /accountz} as
 * maps shaped like {@code nats-server}'s monitoring JSON (the commonly used fields). The HTTP endpoints and the
 * system account's {@code $SYS.REQ.SERVER.…} requests both render through it; options come as HTTP query
 * parameters ({@code subs=1}, {@code auth=1}, {@code acc=A}, {@code offset}, {@code limit}, {@code accounts=true}).
 */
public final class MonitoringEndpoints {

    private final MonitoredBroker broker;

    public MonitoringEndpoints(MonitoredBroker broker) {
        this.broker = broker;
    }

    /**
     * The document for a path, or {@code null} when there is none.
     *
     * @throws MonitorRequestException when the request names something that does not exist
     */
    public Map<String, Object> render(String path, Map<String, List<String>> query) {
        switch (path) {
            case "/varz":
                return varz();
            case "/connz":
                return connz(query);
            case "/subsz":
                return subsz(query);
            case "/healthz":
                return healthz(query);
            case "/jsz":
                return jsz(query);
            case "/accountz":
                return accountz(query);
            case "/leafz":
                return leafz(query);
            case "/accstatz":
                return accstatz(query);
            case "/":
                return Map.of(
                        "endpoints",
                        List.of("/varz", "/connz", "/subsz", "/jsz", "/healthz", "/accountz", "/accstatz", "/leafz"));
            default:
                return null;
        }
    }

    /**
     * {@code /healthz}: {@code {"status":"ok"}}, or, as {@code nats-server} when a stream is unhealthy,
     * {@code {"status":"unavailable","status_code":503,"error":…}} (with {@code details=true} the list
     * {@code errors} instead of the first error). {@code js-enabled-only} and {@code js-server-only} skip the
     * stream checks. The HTTP endpoint answers with {@code status_code} as its status and leaves it out of the body.
     */
    public Map<String, Object> healthz(Map<String, List<String>> query) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> errors = boolParam(query, "js-enabled-only") || boolParam(query, "js-server-only")
                ? List.of()
                : broker.jetStreamHealthErrors();
        if (errors.isEmpty()) {
            m.put("status", "ok");
            m.put("status_code", 200);
            return m;
        }
        m.put("status", "unavailable");
        m.put("status_code", 503);
        if (boolParam(query, "details")) {
            m.put("errors", errors);
        } else {
            m.put("error", errors.get(0).get("error"));
        }
        return m;
    }

    /**
     * {@code /leafz}: the leaf-node links, as {@code nats-server}: {@code server_id, now, leafnodes, leafs}; with
     * {@code subs=1} each link lists its {@code subscriptions_list}; {@code acc=NAME} keeps that account's links.
     */
    public Map<String, Object> leafz(Map<String, List<String>> query) {
        boolean subs = boolParam(query, "subs");
        String acc = param(query, "acc");
        List<Map<String, Object>> leafs = new ArrayList<>();
        for (Map<String, Object> l : broker.leafNodes()) {
            if (acc != null && !acc.isEmpty() && !acc.equals(l.get("account"))) {
                continue;
            }
            Map<String, Object> copy = new LinkedHashMap<>(l);
            if (!subs) {
                copy.remove("subscriptions_list");
            }
            leafs.add(copy);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        m.put("leafnodes", leafs.size());
        m.put("leafs", leafs);
        return m;
    }

    /** {@code /jsz}: the JetStream summary, with {@code accounts=true} per account. */
    public Map<String, Object> jsz(Map<String, List<String>> query) {
        Map<String, Object> js = broker.jetStreamSummary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        if (js == null) {
            m.put("disabled", true);
            return m;
        }
        m.putAll(js);
        if (js.get("api") instanceof Map<?, ?> stats) {
            Map<String, Object> api = new LinkedHashMap<>();
            api.put("level", io.natsspring.broker.internal.jetstream.base.ApiLevel.LEVEL);
            api.put("total", stats.get("total"));
            api.put("errors", stats.get("errors"));
            m.put("api", api);
        }
        // nats-server 2.15's JetStream limits block: the per-stream consumer default
        m.put("limits", Map.of("default_max_consumers", ConsumerLimits.DEFAULT_MAX_CONSUMERS));
        List<Map<String, Object>> accounts = broker.jetStreamAccounts();
        m.putIfAbsent("accounts", accounts.size());
        m.put("reserved_memory", 0);
        m.put("reserved_storage", 0);
        m.put("ha_assets", 0);
        m.put("consumers", broker.jetStreamConsumerCount());
        if (boolParam(query, "raft")) {
            // one server: it leads every stream and consumer (nats-server omits zero counts)
            putIfPositive(m, "streams_leader", m.get("streams"));
            putIfPositive(m, "consumers_leader", m.get("consumers"));
        }
        String acc = param(query, "acc");
        boolean consumers = boolParam(query, "consumers");
        boolean streams = consumers || boolParam(query, "streams");
        boolean config = boolParam(query, "config");
        boolean all = boolParam(query, "accounts") || (streams && (acc == null || acc.isEmpty()));
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Map<String, Object> a : accounts) {
            if (acc != null && acc.equals(a.get("name"))) {
                shown = new ArrayList<>(List.of(a));
                break;
            }
        }
        if (shown.isEmpty() && all) {
            List<Map<String, Object>> sorted = new ArrayList<>(accounts);
            sorted.sort(java.util.Comparator.comparing(a -> String.valueOf(a.get("name"))));
            int offset = Math.min(Math.max(0, intParam(query, "offset", 0)), sorted.size());
            int limit = intParam(query, "limit", 1024);
            int end = limit > 0 ? Math.min(sorted.size(), offset + limit) : sorted.size();
            shown = sorted.subList(offset, end);
        }
        if (!shown.isEmpty()) {
            List<Map<String, Object>> details = new ArrayList<>();
            for (Map<String, Object> a : shown) {
                details.add(jszAccountDetail(a, streams, consumers, config));
            }
            m.put("account_details", details);
        }
        m.put("total", accounts.size());
        return m;
    }

    /**
     * One {@code account_details} entry as {@code nats-server}'s {@code AccountDetail}: the account's usage, its
     * limits as {@code reserved_*}, and with {@code streams} its {@code stream_detail}.
     */
    public Map<String, Object> jszAccountDetail(
            Map<String, Object> account, boolean streams, boolean consumers, boolean config) {
        Map<String, Object> d = new LinkedHashMap<>();
        String name = String.valueOf(account.get("name"));
        d.put("name", name);
        d.put("id", name);
        d.put("memory", account.get("memory"));
        d.put("storage", account.get("storage"));
        d.put("reserved_memory", unsigned(account.get("reserved_memory")));
        d.put("reserved_storage", unsigned(account.get("reserved_storage")));
        d.put("accounts", 0);
        d.put("ha_assets", 0);
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("level", 0);
        if (account.get("api") instanceof Map<?, ?> stats) {
            api.put("total", stats.get("total"));
            api.put("errors", stats.get("errors"));
        }
        d.put("api", api);
        if (streams) {
            Object detail = broker.jetStreamStreamDetails(name, consumers, config);
            if (detail instanceof java.util.Collection<?> c && !c.isEmpty()
                    || detail instanceof tools.jackson.databind.JsonNode n && !n.isEmpty()) {
                d.put("stream_detail", detail);
            }
        }
        return d;
    }

    private static void putIfPositive(Map<String, Object> m, String key, Object value) {
        if (value instanceof Number n && n.longValue() > 0) {
            m.put(key, n);
        }
    }

    /** A limit as Go's {@code uint64} of it: unlimited ({@code -1}) is {@code 2^64-1}. */
    private static Object unsigned(Object limit) {
        if (limit instanceof Number n && n.longValue() < 0) {
            return java.math.BigInteger.ONE.shiftLeft(64).add(java.math.BigInteger.valueOf(n.longValue()));
        }
        return limit == null ? 0 : limit;
    }

    /**
     * {@code /accountz}: the account names, or with {@code acc=NAME} that account's detail.
     *
     * @throws MonitorRequestException {@code Account NAME does not exist}
     */
    public Map<String, Object> accountz(Map<String, List<String>> query) {
        String acc = param(query, "acc");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        m.put("system_account", broker.systemAccount());
        if (acc == null || acc.isEmpty()) {
            m.put("accounts", broker.accountNames());
            return m;
        }
        Map<String, Object> detail = broker.accountDetail(acc);
        if (detail == null) {
            throw new MonitorRequestException("Account " + acc + " does not exist");
        }
        m.put("account_detail", detail);
        return m;
    }

    /** {@code /varz}. */
    public Map<String, Object> varz() {
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
        m.put("leafnodes", broker.leafNodes().size());
        m.put("in_msgs", traffic.inMsgs());
        m.put("out_msgs", traffic.outMsgs());
        m.put("in_bytes", traffic.inBytes());
        m.put("out_bytes", traffic.outBytes());
        m.put("slow_consumers", broker.slowConsumers());
        m.put("subscriptions", broker.subscriptionCount());
        Map<String, Object> js = broker.jetStreamSummary();
        if (js != null) {
            m.put("jetstream", varzJetStream(js));
        }
        m.put("leaf", broker.leafSettings());
        m.put("feature_flags", broker.featureFlags());
        m.put("system_account", broker.systemAccount());
        return m;
    }

    /** {@code /varz}'s {@code jetstream}, shaped as {@code nats-server}'s: {@code {config, stats, limits}}. */
    static Map<String, Object> varzJetStream(Map<String, Object> js) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("memory", js.get("memory"));
        stats.put("storage", js.get("storage"));
        stats.put("accounts", js.getOrDefault("accounts", 1));
        stats.put("api", js.get("api"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", js.get("config"));
        m.put("stats", stats);
        m.put("limits", Map.of("default_max_consumers", ConsumerLimits.DEFAULT_MAX_CONSUMERS));
        return m;
    }

    /** {@code /connz}: {@code offset}, {@code limit}, {@code subs}, {@code auth} and {@code acc} (one account). */
    public Map<String, Object> connz(Map<String, List<String>> query) {
        int offset = intParam(query, "offset", 0);
        int limit = intParam(query, "limit", 1024);
        boolean subs = boolParam(query, "subs");
        boolean auth = boolParam(query, "auth");
        String account = param(query, "acc");
        List<ClientConnection> all = new ArrayList<>();
        for (ClientConnection c : broker.connections()) {
            if (account == null || account.isEmpty() || account.equals(c.account())) {
                all.add(c);
            }
        }
        all.sort(Comparator.comparingLong(ClientConnection::id));
        List<Map<String, Object>> list = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = offset; i < all.size() && list.size() < limit; i++) {
            ClientConnection c = all.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("cid", c.id());
            e.put("kind", "Client");
            e.put("type", c.clientType());
            e.put("ip", c.clientIp());
            e.put("port", c.clientPort());
            e.put("start", GoTime.format(Instant.ofEpochMilli(c.startedMillis())));
            if (c.reportedRttNanos() != 0) {
                e.put("rtt", io.natsspring.broker.internal.time.GoDuration.format(c.reportedRttNanos()));
            }
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
            if (auth) {
                putIfPresent(e, "authorized_user", c.presentedUser());
                if (!"$G".equals(c.account())) {
                    e.put("account", c.account());
                }
                e.put("name_tag", c.account());
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

    /**
     * {@code /subsz}: the subscription count (of one account with {@code acc}), with {@code subs=1} the clients'
     * subscriptions ({@code offset}, {@code limit}).
     */
    public Map<String, Object> subsz(Map<String, List<String>> query) {
        String account = param(query, "acc");
        boolean one = account != null && !account.isEmpty();
        List<Map<String, Object>> list = new ArrayList<>();
        List<ClientConnection> conns = new ArrayList<>(broker.connections());
        conns.sort(Comparator.comparingLong(ClientConnection::id));
        for (ClientConnection c : conns) {
            if (one && !account.equals(c.account())) {
                continue;
            }
            for (SubscriptionDetail d : c.subscriptionDetails()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("account", c.account());
                e.put("account_tag", c.account());
                e.put("subject", d.subject());
                putIfPresent(e, "qgroup", d.queue());
                e.put("sid", d.sid());
                e.put("msgs", d.msgs());
                e.put("cid", c.id());
                list.add(e);
            }
        }
        int offset = intParam(query, "offset", 0);
        int limit = intParam(query, "limit", 1024);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        m.put("num_subscriptions", one ? broker.accountSubscriptionCount(account) : broker.subscriptionCount());
        m.put("total", list.size());
        m.put("offset", offset);
        m.put("limit", limit);
        if (boolParam(query, "subs")) {
            m.put(
                    "subscriptions_list",
                    list.subList(Math.min(offset, list.size()), Math.min(list.size(), offset + limit)));
        }
        return m;
    }

    private static String param(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
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

    /**
     * {@code /accstatz}: {@code server_id}, {@code now} and {@code account_statz}, one {@link AccountStatz} entry per
     * account with connections (every account with {@code unused=true}), as {@code nats-server}'s HTTP endpoint (which
     * takes no other option).
     */
    public Map<String, Object> accstatz(Map<String, List<String>> query) {
        boolean unused = boolParam(query, "unused");
        AccountStatz statz = new AccountStatz(broker);
        List<Map<String, Object>> list = new ArrayList<>();
        for (String account : broker.accountNames()) {
            if (unused || statz.connections(account) > 0) {
                list.add(statz.of(account));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_id", broker.serverId());
        m.put("now", GoTime.format(Instant.now()));
        m.put("account_statz", list);
        return m;
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
