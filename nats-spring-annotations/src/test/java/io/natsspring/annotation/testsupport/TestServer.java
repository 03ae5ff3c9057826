package io.natsspring.annotation.testsupport;

/** A NATS server a test runs against. */
public interface TestServer {

    /** {@code nats://127.0.0.1:port}. */
    String url();

    /** Whether JetStream is enabled. */
    boolean jetStream();
}
