package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.monitor.MonitoredBroker;
import io.natsspring.broker.internal.monitor.MonitoringEndpoints;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The server statistics message {@code nats-server} sends for {@code $SYS.REQ.SERVER.PING} and on
 * {@code $SYS.SERVER.<id>.STATSZ}: {@code {"server":…,"statsz":{start, mem, cores, cpu, connections, …}}},
 * taken from the same figures as {@code /varz}.
 */
final class ServerStats {

    private final MonitoredBroker broker;
    private final MonitoringEndpoints monitor;

    ServerStats(MonitoredBroker broker, MonitoringEndpoints monitor) {
        this.broker = broker;
        this.monitor = monitor;
    }

    Map<String, Object> message() {
        Map<String, Object> varz = monitor.varz();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("start", varz.get("start"));
        s.put("mem", varz.get("mem"));
        s.put("cores", varz.get("cores"));
        s.put("cpu", 0);
        s.put("connections", varz.get("connections"));
        s.put("total_connections", varz.get("total_connections"));
        Set<String> active = new HashSet<>();
        for (ClientConnection c : broker.connections()) {
            active.add(c.account());
        }
        s.put("active_accounts", active.size());
        s.put("subscriptions", varz.get("subscriptions"));
        Map<String, Object> sent = msgBytes(varz.get("out_msgs"), varz.get("out_bytes"));
        Map<String, Object> received = msgBytes(varz.get("in_msgs"), varz.get("in_bytes"));
        s.put("sent", sent);
        s.put("sent_to_clients", sent);
        s.put("received", received);
        s.put("received_from_clients", received);
        s.put("slow_consumers", varz.get("slow_consumers"));
        s.put("active_servers", 1);
        if (varz.get("jetstream") != null) {
            s.put("jetstream", varz.get("jetstream"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("statsz", s);
        return m;
    }

    static Map<String, Object> msgBytes(Object msgs, Object bytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgs", msgs);
        m.put("bytes", bytes);
        return m;
    }
}
