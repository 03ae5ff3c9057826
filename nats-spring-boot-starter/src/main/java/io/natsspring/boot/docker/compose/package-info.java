/**
 * Spring Boot Docker Compose support: {@code NatsConnectionDetails} for a Compose service running the official
 * {@code nats} image.
 */
package io.natsspring.boot.docker.compose;
