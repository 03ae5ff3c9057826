/** The {@code nats} health indicator. */
package io.natsspring.boot.autoconfigure.health;
