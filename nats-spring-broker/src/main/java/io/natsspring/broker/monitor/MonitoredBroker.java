package io.natsspring.broker.monitor;

import io.natsspring.broker.client.ClientConnection;

import java.util.Collection;
import java.util.Map;

/** The read-only view of a running broker that the monitoring endpoints render. */
public interface MonitoredBroker {

    String serverId();

    String serverName();

    /** Static settings shown in {@code /varz} (host, port, limits…), keyed as {@code nats-server} names them. */
    Map<String, Object> settings();

    long startedMillis();

    Collection<ClientConnection> connections();

    int subscriptionCount();

    long totalConnections();

    long slowConsumers();

    /** Messages and bytes of connections that already closed: {@code in_msgs, out_msgs, in_bytes, out_bytes}. */
    long[] closedTraffic();

    /** JetStream summary for {@code /jsz} and {@code /varz}, or {@code null} when JetStream is off. */
    Map<String, Object> jetStreamSummary();
}
