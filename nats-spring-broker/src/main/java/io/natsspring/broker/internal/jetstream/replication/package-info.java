/**
 * Mirrors and sources: an internal push consumer of the origin stream, created through the JetStream API (with the
 * {@code external} prefixes for other accounts and domains), feeding the target stream's writer.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): above jetstream.consumer, below jetstream.account.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → client → jetstream.messaging →
 * jetstream.stream → jetstream.consumer → jetstream.replication → jetstream.account → jetstream.api → jetstream →
 * account → monitor → server → <b>API</b> ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.jetstream.replication;
