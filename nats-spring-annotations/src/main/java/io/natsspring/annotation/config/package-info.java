/**
 * Bootstrap of the listener infrastructure: the bean post-processor that finds annotated methods, the settings shared by
 * every container, and the {@link io.natsspring.annotation.config.NatsListenerConfigurer} callback to customise them.
 */
@NullMarked
package io.natsspring.annotation.config;

import org.jspecify.annotations.NullMarked;
