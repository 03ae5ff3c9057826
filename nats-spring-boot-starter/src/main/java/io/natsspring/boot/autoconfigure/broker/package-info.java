/** Auto-configuration of the embedded broker ({@code nats.broker.*}). */
package io.natsspring.boot.autoconfigure.broker;
