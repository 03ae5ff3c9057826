/**
 * The broker's public embedding API: {@link io.natsspring.broker.NatsBroker} (start, port, stop, a few figures), {@link
 * io.natsspring.broker.BrokerOptions} with its builder, {@link io.natsspring.broker.UserConfig} and {@link
 * io.natsspring.broker.PermissionsConfig} for authentication, and {@link io.natsspring.broker.BrokerStartException}.
 * This package is the API; everything under {@code io.natsspring.broker.internal} is not and may change in any release.
 *
 * <p>Only {@code NatsBroker} reaches into the internals (to translate the options and start the server); the value
 * types depend on nothing of the broker's.
 */
package io.natsspring.broker;
