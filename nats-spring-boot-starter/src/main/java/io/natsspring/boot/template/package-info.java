/** {@link io.natsspring.boot.template.NatsTemplate} and message payload conversion. */
package io.natsspring.boot.template;
