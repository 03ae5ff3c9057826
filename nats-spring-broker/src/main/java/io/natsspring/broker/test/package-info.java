/**
 * JUnit Jupiter support for tests: {@link io.natsspring.broker.test.EmbeddedNatsBroker} starts a broker on a free
 * port per test class, and {@link io.natsspring.broker.test.NatsServerProcess} runs the real {@code nats-server}
 * for tests against the reference server. Needs {@code junit-jupiter-api} on the test class path; the rest of the
 * broker does not.
 */
package io.natsspring.broker.test;
