package io.natsspring.broker.internal.monitor;

import io.natsspring.broker.internal.client.ClientConnection;
import java.util.Collection;
import java.util.List;
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

    /** Messages and bytes of connections that already closed. */
    Traffic closedTraffic();

    /** The server's {@code feature_flags} ({@link FeatureFlags}), for {@code /varz}. */
    default Map<String, Boolean> featureFlags() {
        return FeatureFlags.defaults();
    }

    /** Messages and bytes of {@code account}'s connections that already closed (kept for {@code /accstatz}). */
    default Traffic closedTraffic(String account) {
        return Traffic.NONE;
    }

    /** JetStream summary for {@code /jsz} and {@code /varz}, or {@code null} when JetStream is off. */
    Map<String, Object> jetStreamSummary();

    /** Names of the accounts, for {@code /accountz}. */
    default List<String> accountNames() {
        return List.of("$G");
    }

    /** {@code /accountz?acc=NAME}'s {@code account_detail}, or {@code null} when there is no such account. */
    default Map<String, Object> accountDetail(String name) {
        return null;
    }

    /** The name of the system account, for {@code /varz} and {@code /accountz}. */
    default String systemAccount() {
        return "$SYS";
    }

    /** Subscriptions of one account (0 for an unknown one), for {@code /subsz?acc=NAME}. */
    default int accountSubscriptionCount(String account) {
        return 0;
    }

    /**
     * JetStream health problems for {@code /healthz}: one entry per offline stream with {@code type} (STREAM),
     * {@code account}, {@code stream} and {@code error}, as {@code nats-server}'s {@code HealthzError}.
     */
    default List<Map<String, Object>> jetStreamHealthErrors() {
        return List.of();
    }

    /** Consumers of every JetStream account, for {@code /jsz}. */
    default int jetStreamConsumerCount() {
        return 0;
    }

    /**
     * {@code /jsz}'s {@code stream_detail} of one account (a JSON array), or {@code null} when it has no
     * JetStream.
     */
    default Object jetStreamStreamDetails(String account, boolean consumers, boolean config) {
        return null;
    }

    /** Per-account JetStream figures for {@code /jsz?accounts=true}. */
    default List<Map<String, Object>> jetStreamAccounts() {
        return List.of();
    }

    /**
     * The established leaf-node links for {@code /leafz}, each shaped as {@code nats-server}'s {@code LeafInfo}
     * ({@code subscriptions_list} included; the endpoint drops it without {@code subs=1}).
     */
    default List<Map<String, Object>> leafNodes() {
        return List.of();
    }

    /** {@code /varz}'s {@code leaf} block: host, port, auth_timeout, tls_timeout; empty without a leaf-node port. */
    default Map<String, Object> leafSettings() {
        return Map.of();
    }
}
