/**
 * Annotation-driven NATS listeners: {@link io.natsspring.annotation.NatsListener} for core subjects,
 * {@link io.natsspring.annotation.JetStreamConsumer} for JetStream consumers, and {@link io.natsspring.annotation.EnableNats}
 * to switch them on in a plain Spring application.
 */
@NullMarked
package io.natsspring.annotation;

import org.jspecify.annotations.NullMarked;
