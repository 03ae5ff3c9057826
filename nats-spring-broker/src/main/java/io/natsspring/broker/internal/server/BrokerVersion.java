package io.natsspring.broker.internal.server;

import io.natsspring.broker.internal.jetstream.base.ServerVersion;

/**
 * Versions the broker reports. Clients choose API variants from the INFO {@code version}, so it names the
 * {@code nats-server} release whose client-visible behaviour we implement, not our own release.
 */
public final class BrokerVersion {

    /** The {@code nats-server} version announced in INFO; set in {@link ServerVersion}. */
    public static final String NATS_SERVER_VERSION = ServerVersion.NATS_SERVER;

    /** Protocol level announced in INFO ({@code proto}): 1 supports headers and no-responders. */
    public static final int PROTOCOL = 1;

    private BrokerVersion() {}

    /** Our own release, from the jar manifest; {@code "dev"} when run from classes. */
    public static String brokerVersion() {
        String v = BrokerVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
