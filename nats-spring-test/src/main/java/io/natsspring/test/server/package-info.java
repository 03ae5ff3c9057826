/**
 * The real {@code nats-server} for tests: {@link io.natsspring.test.server.NatsServerBinary} finds the newest
 * installed binary, {@link io.natsspring.test.server.NatsServerProcess} runs it on a free port.
 */
package io.natsspring.test.server;
