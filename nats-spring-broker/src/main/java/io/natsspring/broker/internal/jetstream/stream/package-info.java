/**
 * A stream: configuration rules, limits, dedup window, retention, its single writer thread and the PubAck.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): above store, jetstream.base and jetstream.messaging.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → client → jetstream.messaging →
 * jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream → account → monitor → server → <b>API</b>
 * ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.jetstream.stream;
