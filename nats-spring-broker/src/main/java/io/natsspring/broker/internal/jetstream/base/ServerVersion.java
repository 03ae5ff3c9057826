package io.natsspring.broker.internal.jetstream.base;

/**
 * The one place naming the {@code nats-server} release whose client-visible behaviour the broker implements:
 * announced in INFO (through {@code BrokerVersion}) and written as {@code _nats.ver} into stream and consumer
 * metadata (ADR-44). Raise it only when that release's behaviour is in place.
 */
public final class ServerVersion {

    /** The {@code nats-server} version. */
    public static final String NATS_SERVER = "2.15.1";

    private ServerVersion() {}
}
