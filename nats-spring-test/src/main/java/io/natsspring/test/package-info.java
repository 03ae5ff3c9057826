/**
 * Test support for NATS Spring applications, used with test scope.
 * <ul>
 *   <li>{@link io.natsspring.test.EmbeddedNatsBroker}: an embedded broker per test class (JUnit 5), or per
 *       application context in Spring tests ({@code io.natsspring.test.spring}).</li>
 *   <li>{@link io.natsspring.test.TestBroker}: the same broker for tests that manage its lifetime.</li>
 *   <li>{@code io.natsspring.test.utils.NatsTestUtils}: receive messages of a subject or stream, await a consumer
 *       drained, read a Key-Value entry eventually; {@code io.natsspring.test.assertj.NatsAssertions}: AssertJ
 *       assertions on messages.</li>
 *   <li>{@code io.natsspring.test.server.NatsServerProcess}: the real {@code nats-server} for tests against the
 *       reference server.</li>
 * </ul>
 * Dependencies point one way: {@code spring}, {@code utils}, {@code assertj} and {@code server} use this package
 * or nothing of this module; this package uses Spring only in {@code SpringTestBroker}, for Spring test classes.
 */
package io.natsspring.test;
