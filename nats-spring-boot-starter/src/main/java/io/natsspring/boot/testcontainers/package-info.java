/**
 * Spring Boot Testcontainers support: {@code @ServiceConnection} on a container running the official {@code nats}
 * image defines the application's {@code NatsConnectionDetails}.
 */
package io.natsspring.boot.testcontainers;
