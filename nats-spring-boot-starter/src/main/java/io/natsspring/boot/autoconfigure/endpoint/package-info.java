/** The {@code nats} Actuator endpoint. */
package io.natsspring.boot.autoconfigure.endpoint;
