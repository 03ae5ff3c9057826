package io.natsspring.annotation.testsupport;

import io.natsspring.test.TestBroker;

/** Our embedded broker (nats-spring-test's {@link TestBroker}) as a {@link TestServer}. */
public final class EmbeddedTestBroker implements TestServer, AutoCloseable {

    private final TestBroker broker;

    private EmbeddedTestBroker(TestBroker broker) {
        this.broker = broker;
    }

    /** Core NATS only. */
    public static EmbeddedTestBroker start() {
        return new EmbeddedTestBroker(TestBroker.start(false));
    }

    /** With JetStream, storing in a fresh temporary directory removed on {@link #close()}. */
    public static EmbeddedTestBroker startWithJetStream() {
        return new EmbeddedTestBroker(TestBroker.start(true));
    }

    @Override
    public String url() {
        return broker.url();
    }

    @Override
    public boolean jetStream() {
        return broker.jetStream();
    }

    @Override
    public void close() {
        broker.close();
    }

    @Override
    public String toString() {
        return jetStream() ? "embedded-jetstream" : "embedded";
    }
}
