/**
 * Auto-configuration for NATS: embedded broker or remote servers.
 *
 * <p>Placeholder package: the module's code arrives with its own issue.
 */
package io.natsspring.boot;
