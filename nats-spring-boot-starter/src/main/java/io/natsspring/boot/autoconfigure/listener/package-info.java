/**
 * Auto-configuration of the annotation-driven NATS listeners from {@code nats-spring-annotations}.
 */
@NullMarked
package io.natsspring.boot.autoconfigure.listener;

import org.jspecify.annotations.NullMarked;
