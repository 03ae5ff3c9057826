/** Auto-configuration of {@code NatsTemplate} and the message converter it shares with the listener containers. */
package io.natsspring.boot.autoconfigure.template;
