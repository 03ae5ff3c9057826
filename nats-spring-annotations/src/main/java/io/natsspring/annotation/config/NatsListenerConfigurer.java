package io.natsspring.annotation.config;

/**
 * Callback to customise the listener infrastructure; every bean of this type is applied, in {@code @Order}, after the
 * defaults were collected from the context (converter, validator, retry policy, dead-letter handler, meter registry).
 */
@FunctionalInterface
public interface NatsListenerConfigurer {

    void configure(NatsListenerSettings settings);
}
