/**
 * The typed Key-Value template: {@link io.natsspring.kv.core.KeyValueOperations} over a jnats
 * {@link io.nats.client.KeyValue} bucket, values converted by a
 * {@link io.natsspring.annotation.support.NatsMessageConverter}, failures as {@link
 * io.natsspring.kv.core.KeyValueException}s naming the bucket and key.
 */
@NullMarked
package io.natsspring.kv.core;

import org.jspecify.annotations.NullMarked;
