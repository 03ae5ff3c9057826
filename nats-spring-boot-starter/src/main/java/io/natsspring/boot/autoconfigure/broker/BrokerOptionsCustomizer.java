package io.natsspring.boot.autoconfigure.broker;

import io.natsspring.broker.BrokerOptions;

/** Callback to adjust the embedded broker's options after the {@code nats.broker.*} properties are applied. */
@FunctionalInterface
public interface BrokerOptionsCustomizer {

    void customize(BrokerOptions.Builder builder);
}
