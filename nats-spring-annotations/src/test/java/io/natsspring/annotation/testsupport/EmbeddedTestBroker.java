package io.natsspring.annotation.testsupport;

import io.natsspring.broker.server.BrokerOptions;
import io.natsspring.broker.server.NatsBroker;

/** Our embedded broker on a free loopback port (core NATS). */
public final class EmbeddedTestBroker implements TestServer, AutoCloseable {

    private final NatsBroker broker;

    private EmbeddedTestBroker(NatsBroker broker) {
        this.broker = broker;
    }

    public static EmbeddedTestBroker start() {
        return new EmbeddedTestBroker(new NatsBroker(BrokerOptions.builder().host("127.0.0.1").port(0).build())
                .start());
    }

    @Override
    public String url() {
        return broker.clientUrl();
    }

    @Override
    public boolean jetStream() {
        return false;
    }

    @Override
    public void close() {
        broker.close();
    }

    @Override
    public String toString() {
        return "embedded";
    }
}
