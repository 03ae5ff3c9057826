/**
 * Internal, not API: the broker's implementation, in one package per concept. Nothing here is supported for use outside
 * the broker and any of it may change in any release.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): the parent of the layers below.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → client → jetstream.messaging →
 * jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream → account → monitor → server → <b>API</b>
 * ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal;
