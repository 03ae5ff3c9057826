package io.natsspring.annotation.testsupport;

/**
 * A real {@code nats-server} with JetStream as a {@link TestServer}: the broker module's shared
 * {@link io.natsspring.broker.test.NatsServerProcess} (skips, or fails in CI, when the binary is missing).
 */
public final class NatsServerProcess implements TestServer, AutoCloseable {

    private final io.natsspring.broker.test.NatsServerProcess process;

    private NatsServerProcess(io.natsspring.broker.test.NatsServerProcess process) {
        this.process = process;
    }

    /** Starts a server with JetStream on a free loopback port. */
    public static NatsServerProcess start() {
        return new NatsServerProcess(io.natsspring.broker.test.NatsServerProcess.startWithJetStream());
    }

    @Override
    public String url() {
        return process.url();
    }

    @Override
    public boolean jetStream() {
        return true;
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "nats-server " + process.url();
    }
}
