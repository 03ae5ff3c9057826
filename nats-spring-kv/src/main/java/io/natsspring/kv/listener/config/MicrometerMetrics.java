package io.natsspring.kv.listener.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.natsspring.annotation.metrics.ListenerMetrics;
import io.natsspring.annotation.metrics.MicrometerListenerMetrics;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;

/** The listener metrics on the context's {@code MeterRegistry}; only loaded when Micrometer is on the class path. */
final class MicrometerMetrics {

    private MicrometerMetrics() {}

    static Optional<ListenerMetrics> ifRegistryPresent(ListableBeanFactory factory) {
        return Optional.ofNullable(factory.getBeanProvider(MeterRegistry.class).getIfUnique())
                .map(MicrometerListenerMetrics::new);
    }
}
