/**
 * Listener containers (one per annotated method), the endpoint descriptions they are built from, and the
 * {@link io.natsspring.annotation.listener.NatsListenerEndpointRegistry} that starts, stops, pauses and resumes them.
 */
@NullMarked
package io.natsspring.annotation.listener;

import org.jspecify.annotations.NullMarked;
