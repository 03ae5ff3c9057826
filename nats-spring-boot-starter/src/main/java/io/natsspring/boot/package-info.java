/**
 * Spring Boot support for NATS: auto-configuration of an embedded broker or a connection to remote servers,
 * JetStream declarations, {@link io.natsspring.boot.template.NatsTemplate}, Actuator and Micrometer integration.
 */
package io.natsspring.boot;
