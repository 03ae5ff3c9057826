/** Auto-configuration of the Object Store template and the {@code nats-os://} resource protocol. */
package io.natsspring.boot.autoconfigure.objectstore;
