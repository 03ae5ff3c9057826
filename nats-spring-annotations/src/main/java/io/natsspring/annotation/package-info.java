/**
 * @NatsListener and @JetStreamConsumer listener infrastructure.
 *
 * <p>Placeholder package: the module's code arrives with its own issue.
 */
package io.natsspring.annotation;
