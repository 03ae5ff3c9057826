/**
 * The HTTP monitoring endpoints ({@code /varz}, {@code /connz}, {@code /subsz}, {@code /jsz}, {@code /healthz}),
 * rendered from a read-only view of the broker.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): above client.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → client → jetstream.messaging →
 * jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream → account → monitor → system → server → <b>API</b>
 * ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.monitor;
