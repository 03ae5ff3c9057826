/**
 * Auto-configuration of the NATS connection and the {@code nats.*} properties, including the stream, consumer and
 * bucket declarations. Sub-packages (broker, jetstream, deadletter, template, listener, health, metrics, endpoint)
 * depend on this package, never the other way round.
 */
package io.natsspring.boot.autoconfigure;
