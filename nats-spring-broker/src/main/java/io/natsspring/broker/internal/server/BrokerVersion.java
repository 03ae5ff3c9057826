package io.natsspring.broker.internal.server;

/**
 * Versions the broker reports. Clients choose API variants from the INFO {@code version}, so it names the
 * {@code nats-server} release whose client-visible behaviour we implement, not our own release.
 */
public final class BrokerVersion {

    /** The {@code nats-server} version announced in INFO; raise only when that version's behaviour is in place. */
    public static final String NATS_SERVER_VERSION = "2.10.22";

    /** Protocol level announced in INFO ({@code proto}): 1 supports headers and no-responders. */
    public static final int PROTOCOL = 1;

    private BrokerVersion() {}

    /** Our own release, from the jar manifest; {@code "dev"} when run from classes. */
    public static String brokerVersion() {
        String v = BrokerVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
