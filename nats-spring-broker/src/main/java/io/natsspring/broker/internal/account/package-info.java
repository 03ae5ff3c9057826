/**
 * Accounts: each account owns its message router (its subject tree), its JetStream, its exports and imports and
 * its subject mappings. Isolation is structural: a connection is bound to its account's router at CONNECT, so two
 * accounts share no subject tree; only imports carry messages across, as forwarding subscriptions.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): above jetstream.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → client → jetstream.messaging →
 * jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream → account → monitor → system → server →
 * <b>API</b> ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.account;
