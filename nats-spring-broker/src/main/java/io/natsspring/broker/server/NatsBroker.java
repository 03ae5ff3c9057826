package io.natsspring.broker.server;

/**
 * An embeddable NATS broker. Create with options, {@link #start()}, read the bound {@link #port()}, and
 * {@link #close()} to shut down gracefully.
 */
public final class NatsBroker implements AutoCloseable {

    private final BrokerOptions options;

    public NatsBroker(BrokerOptions options) {
        this.options = options;
    }

    public BrokerOptions options() {
        return options;
    }

    /** Binds the listening socket and begins accepting clients. */
    public NatsBroker start() throws InterruptedException {
        throw new UnsupportedOperationException("in progress");
    }

    /** The bound client port (the chosen one when the options asked for port 0). */
    public int port() {
        throw new UnsupportedOperationException("in progress");
    }

    /** {@code nats://host:port} for clients on this machine. */
    public String clientUrl() {
        return "nats://127.0.0.1:" + port();
    }

    /** Stops accepting, flushes and closes clients, releases threads. */
    @Override
    public void close() {
    }
}
