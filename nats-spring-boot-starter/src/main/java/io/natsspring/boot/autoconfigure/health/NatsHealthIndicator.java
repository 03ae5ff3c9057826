package io.natsspring.boot.autoconfigure.health;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ServerInfo;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.buckets.BucketStatus;
import io.natsspring.boot.autoconfigure.buckets.BucketStatusReader;
import io.natsspring.broker.NatsBroker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the NATS connection: UP when connected, DOWN otherwise (reconnecting, closed), OUT_OF_SERVICE when
 * connected while a running, unpaused listener does not consume (a pull listener re-pulling after a reconnect, or
 * failing to). Details give the connection status and server, whether JetStream answers, each listener's state
 * ({@code consuming}, {@code paused}, {@code stopped}, {@code not-consuming}), and the embedded broker's state when
 * there is one, and per declared Key-Value bucket and Object Store ({@code buckets.key-value.<name>},
 * {@code buckets.object-store.<name>}) whether it is present, its entries, bytes, history, TTL and watchers.
 * The embedded broker's leaf-node links ({@code embeddedBroker.leafLinks}: remote, connected, RTT, since) are
 * details only: a link to a hub that is down leaves the status UP, since the application keeps working on its local
 * broker and the link catches up when it returns.
 *
 * <p>On a cluster the details also give the cluster name, whether JetStream has a meta leader (the server answers
 * JetStream API requests only when it has one) and, per declared stream or bucket, its leader, configured replicas
 * and how many replicas are current. A stream without a leader (an election after a node failure takes seconds)
 * is a detail, not a status change. The status goes DOWN only when JetStream itself is unavailable — the server
 * announces JetStream but has not answered a JetStream request for longer than the grace period (default 10 s) —
 * or the connection is lost.
 */
public class NatsHealthIndicator extends AbstractHealthIndicator {

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final NatsBroker broker;
    private final NatsListenerEndpointRegistry listeners;
    private final BucketStatusReader buckets;
    private final List<String> streams;
    private final Duration grace;
    private volatile long unavailableSince;

    /**
     * @param jsm    used to check that JetStream answers; {@code null} skips the check
     * @param broker the embedded broker, or {@code null} in remote mode
     */
    public NatsHealthIndicator(Connection connection, JetStreamManagement jsm, NatsBroker broker) {
        this(connection, jsm, broker, null);
    }

    /** @param listeners the listener containers to report, or {@code null} for none */
    public NatsHealthIndicator(
            Connection connection, JetStreamManagement jsm, NatsBroker broker, NatsListenerEndpointRegistry listeners) {
        this(connection, jsm, broker, listeners, null, List.of(), DEFAULT_GRACE);
    }

    /** How long JetStream may fail to answer before the status goes DOWN. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    /** @param buckets reads the declared buckets to report, or {@code null} for none */
    public NatsHealthIndicator(
            Connection connection,
            JetStreamManagement jsm,
            NatsBroker broker,
            NatsListenerEndpointRegistry listeners,
            BucketStatusReader buckets) {
        this(connection, jsm, broker, listeners, buckets, List.of(), DEFAULT_GRACE);
    }

    /**
     * @param streams the declared streams to report (buckets as their streams {@code KV_<name>},
     *     {@code OBJ_<name>})
     * @param grace   how long JetStream may fail to answer before the status goes DOWN
     */
    public NatsHealthIndicator(
            Connection connection,
            JetStreamManagement jsm,
            NatsBroker broker,
            NatsListenerEndpointRegistry listeners,
            List<String> streams,
            Duration grace) {
        this(connection, jsm, broker, listeners, null, streams, grace);
    }

    /**
     * @param buckets reads the declared buckets to report, or {@code null} for none
     * @param streams the declared streams to report (buckets as their streams {@code KV_<name>},
     *     {@code OBJ_<name>})
     * @param grace   how long JetStream may fail to answer before the status goes DOWN
     */
    public NatsHealthIndicator(
            Connection connection,
            JetStreamManagement jsm,
            NatsBroker broker,
            NatsListenerEndpointRegistry listeners,
            BucketStatusReader buckets,
            List<String> streams,
            Duration grace) {
        super("NATS health check failed");
        this.connection = connection;
        this.jsm = jsm;
        this.broker = broker;
        this.listeners = listeners;
        this.buckets = buckets;
        this.streams = List.copyOf(streams);
        this.grace = grace;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Connection.Status status = connection.getStatus();
        builder.withDetail("status", status.name());
        if (broker != null) {
            Map<String, Object> embedded = new LinkedHashMap<>();
            embedded.put("running", broker.isRunning());
            if (broker.isRunning()) {
                embedded.put("port", broker.port());
                embedded.put("connections", broker.connectionCount());
                List<Map<String, Object>> leafLinks = LeafLinkDetails.of(broker);
                if (!leafLinks.isEmpty()) {
                    embedded.put("leafLinks", leafLinks);
                }
            }
            builder.withDetail("embeddedBroker", embedded);
        }
        boolean allConsuming = listenerDetails(builder);
        if (status != Connection.Status.CONNECTED) {
            String lastError = connection.getLastError();
            if (lastError != null) {
                builder.withDetail("lastError", lastError);
            }
            builder.down();
            return;
        }
        builder.withDetail("server", connection.getConnectedUrl());
        ServerInfo info = connection.getServerInfo();
        boolean jetStreamDown = false;
        if (info != null) {
            builder.withDetail("serverId", info.getServerId())
                    .withDetail("serverName", info.getServerName())
                    .withDetail("version", info.getVersion());
            if (info.getCluster() != null) {
                builder.withDetail("cluster", info.getCluster());
            }
            Map<String, Object> js = jetStream(info);
            builder.withDetail("jetStream", js);
            jetStreamDown = Boolean.TRUE.equals(js.get("down"));
            if (info.isJetStreamAvailable()) {
                bucketDetails(builder);
            }
        }
        if (jetStreamDown) {
            builder.down();
        } else if (allConsuming) {
            builder.up();
        } else {
            builder.outOfService();
        }
    }

    /** Adds each listener's state; false when a running, unpaused listener does not consume. */
    private boolean listenerDetails(Health.Builder builder) {
        if (listeners == null || listeners.getListenerContainers().isEmpty()) {
            return true;
        }
        boolean allConsuming = true;
        Map<String, String> states = new LinkedHashMap<>();
        for (NatsListenerContainer container : listeners.getListenerContainers()) {
            String state;
            if (!container.isRunning()) {
                state = "stopped";
            } else if (container.isPaused()) {
                state = "paused";
            } else if (container.isConsuming()) {
                state = "consuming";
            } else {
                state = "not-consuming";
                allConsuming = false;
            }
            states.put(container.getId(), state);
        }
        builder.withDetail("listeners", states);
        return allConsuming;
    }

    private void bucketDetails(Health.Builder builder) {
        if (buckets == null
                || (buckets.getKeyValueBuckets().isEmpty()
                        && buckets.getObjectStores().isEmpty())) {
            return;
        }
        Map<String, Map<String, Object>> keyValue = new LinkedHashMap<>();
        Map<String, Map<String, Object>> objectStore = new LinkedHashMap<>();
        for (BucketStatus status : buckets.declared()) {
            (status.kind().equals(BucketStatus.KEY_VALUE) ? keyValue : objectStore)
                    .put(status.name(), status.toDetails());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (!keyValue.isEmpty()) {
            details.put(BucketStatus.KEY_VALUE, keyValue);
        }
        if (!objectStore.isEmpty()) {
            details.put(BucketStatus.OBJECT_STORE, objectStore);
        }
        builder.withDetail("buckets", details);
    }

    private Map<String, Object> jetStream(ServerInfo info) {
        Map<String, Object> js = new LinkedHashMap<>();
        js.put("enabled", info.isJetStreamAvailable());
        if (info.isJetStreamAvailable() && jsm != null) {
            try {
                jsm.getAccountStatistics();
                js.put("reachable", true);
                unavailableSince = 0;
            } catch (Exception e) {
                js.put("reachable", false);
                js.put("error", e.getMessage());
                long now = System.nanoTime();
                if (unavailableSince == 0) {
                    unavailableSince = now;
                }
                Duration unavailable = Duration.ofNanos(now - unavailableSince);
                js.put("unavailableFor", unavailable.toString());
                if (unavailable.compareTo(grace) >= 0) {
                    js.put("down", true);
                }
            }
            if (info.getCluster() != null) {
                js.put("metaLeader", Boolean.TRUE.equals(js.get("reachable")));
            }
            if (!streams.isEmpty() && Boolean.TRUE.equals(js.get("reachable"))) {
                js.put("streams", streamDetails());
            }
        }
        return js;
    }

    private Map<String, Object> streamDetails() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String stream : streams) {
            Map<String, Object> detail = new LinkedHashMap<>();
            try {
                io.nats.client.api.StreamInfo si = jsm.getStreamInfo(stream);
                detail.put("replicas", si.getConfiguration().getReplicas());
                io.nats.client.api.ClusterInfo cluster = si.getClusterInfo();
                if (cluster == null) {
                    detail.put("hasLeader", true); // a single server: the stream is there
                } else {
                    String leader = cluster.getLeader();
                    boolean hasLeader = leader != null && !leader.isEmpty();
                    detail.put("leader", hasLeader ? leader : "none");
                    detail.put("hasLeader", hasLeader);
                    long current = hasLeader ? 1 : 0;
                    if (cluster.getReplicas() != null) {
                        current += cluster.getReplicas().stream()
                                .filter(r -> r.isCurrent() && !r.isOffline())
                                .count();
                    }
                    detail.put("currentReplicas", current);
                }
            } catch (Exception e) {
                detail.put("hasLeader", false);
                detail.put("error", e.getMessage());
            }
            all.put(stream, detail);
        }
        return all;
    }
}
