/**
 * The byte-level parser of client operations and the writer of server operations; no routing decisions.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): bottom layer: depends on nothing of the broker's.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → client → jetstream.messaging →
 * jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream → account → monitor → server → <b>API</b>
 * ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.protocol;
