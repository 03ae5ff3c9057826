package io.natsspring.boot.autoconfigure;

import io.nats.client.Options;

/**
 * Callback to adjust the jnats {@link Options.Builder} after the {@code nats.*} properties are applied, for
 * anything the properties do not cover. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface NatsOptionsCustomizer {

    void customize(Options.Builder builder);
}
