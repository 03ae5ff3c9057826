/**
 * Configuration from a NATS Key-Value bucket: {@code spring.config.import=nats-kv:<bucket>} loads the bucket's keys
 * as properties, and a change in the bucket re-binds the {@code @ConfigurationProperties} beans and publishes a
 * {@link io.natsspring.boot.kvconfig.NatsKeyValueConfigChangedEvent}, with no restart.
 */
package io.natsspring.boot.kvconfig;
