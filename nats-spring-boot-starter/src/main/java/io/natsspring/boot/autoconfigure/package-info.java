/** Auto-configuration of the NATS connection, its properties ({@code nats.*}) and {@code NatsTemplate}. */
package io.natsspring.boot.autoconfigure;
