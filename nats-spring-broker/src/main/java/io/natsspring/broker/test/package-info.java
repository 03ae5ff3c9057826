/**
 * JUnit Jupiter support for plain (non-Spring) tests: {@link io.natsspring.broker.test.EmbeddedNatsBroker}
 * starts a broker on a free port per test class. Needs {@code junit-jupiter-api} on the test class path; the
 * rest of the broker does not.
 */
package io.natsspring.broker.test;
