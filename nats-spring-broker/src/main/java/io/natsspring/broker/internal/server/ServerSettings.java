package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.client.ConnectionLimits;
import io.natsspring.broker.internal.jetstream.JetStreamSettings;

/**
 * Everything the server needs to start, translated from the embedding API's options.
 *
 * @param host           interface to bind
 * @param port           client port, {@code 0} for a free one
 * @param serverName     name announced in INFO, {@code null} for the server id
 * @param maxConnections most open client connections
 * @param limits         per-connection limits and timers
 * @param authRequired   whether INFO announces {@code auth_required}
 * @param httpPort       monitoring port, {@code 0} for a free one, {@link #MONITORING_OFF} for none
 * @param jetStream      JetStream settings, {@code null} when JetStream is off
 */
public record ServerSettings(
        String host,
        int port,
        String serverName,
        int maxConnections,
        ConnectionLimits limits,
        boolean authRequired,
        int httpPort,
        JetStreamSettings jetStream) {

    /** {@link #httpPort()} when monitoring is off. */
    public static final int MONITORING_OFF = -1;
}
