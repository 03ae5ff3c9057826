/** Auto-configuration of the Key-Value lock registry and leader election ({@code nats.lock.*}). */
package io.natsspring.boot.autoconfigure.lock;
