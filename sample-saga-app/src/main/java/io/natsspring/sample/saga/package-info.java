/**
 * A choreography saga on NATS JetStream.
 *
 * <p>Placeholder package: the module's code arrives with its own issue.
 */
package io.natsspring.sample.saga;
