package io.natsspring.boot.autoconfigure.health;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ServerInfo;
import io.natsspring.annotation.listener.NatsListenerContainer;
import io.natsspring.annotation.listener.NatsListenerEndpointRegistry;
import io.natsspring.boot.autoconfigure.buckets.BucketStatus;
import io.natsspring.boot.autoconfigure.buckets.BucketStatusReader;
import io.natsspring.broker.NatsBroker;
import java.util.LinkedHashMap;
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
 */
public class NatsHealthIndicator extends AbstractHealthIndicator {

    private final Connection connection;
    private final JetStreamManagement jsm;
    private final NatsBroker broker;
    private final NatsListenerEndpointRegistry listeners;
    private final BucketStatusReader buckets;

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
        this(connection, jsm, broker, listeners, null);
    }

    /** @param buckets reads the declared buckets to report, or {@code null} for none */
    public NatsHealthIndicator(
            Connection connection,
            JetStreamManagement jsm,
            NatsBroker broker,
            NatsListenerEndpointRegistry listeners,
            BucketStatusReader buckets) {
        super("NATS health check failed");
        this.connection = connection;
        this.jsm = jsm;
        this.broker = broker;
        this.listeners = listeners;
        this.buckets = buckets;
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
        if (info != null) {
            builder.withDetail("serverId", info.getServerId())
                    .withDetail("serverName", info.getServerName())
                    .withDetail("version", info.getVersion());
            if (info.getCluster() != null) {
                builder.withDetail("cluster", info.getCluster());
            }
            builder.withDetail("jetStream", jetStream(info));
            if (info.isJetStreamAvailable()) {
                bucketDetails(builder);
            }
        }
        if (allConsuming) {
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
            } catch (Exception e) {
                js.put("reachable", false);
                js.put("error", e.getMessage());
            }
        }
        return js;
    }
}
