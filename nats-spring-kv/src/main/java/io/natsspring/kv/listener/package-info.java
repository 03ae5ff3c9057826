/**
 * Key-Value watch listeners: {@link io.natsspring.kv.listener.KeyValueListener @KeyValueListener} methods run by
 * {@link io.natsspring.kv.listener.KeyValueListenerContainer}s of the listener registry.
 */
@NullMarked
package io.natsspring.kv.listener;

import org.jspecify.annotations.NullMarked;
