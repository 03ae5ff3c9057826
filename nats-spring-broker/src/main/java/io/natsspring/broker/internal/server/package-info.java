/**
 * Bootstrap and shutdown of one server: Netty event loops and the listening socket, the registry of client connections,
 * INFO, and the monitoring view.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): above every other internal layer; the public {@code NatsBroker} is the only
 * class above it that uses it.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → client → jetstream.messaging →
 * jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream → account → monitor → system → server → <b>API</b>
 * ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.server;
