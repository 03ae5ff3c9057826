package io.natsspring.annotation.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.natsspring.annotation.metrics.ListenerMetrics;
import io.natsspring.annotation.metrics.MicrometerListenerMetrics;
import java.util.Optional;
import org.springframework.beans.factory.ListableBeanFactory;

/** Builds Micrometer listener metrics; only loaded when Micrometer is on the classpath. */
final class MicrometerSupport {

    private MicrometerSupport() {}

    static Optional<ListenerMetrics> metricsIfRegistryPresent(ListableBeanFactory factory) {
        MeterRegistry registry = factory.getBeanProvider(MeterRegistry.class).getIfUnique();
        return Optional.ofNullable(registry).map(MicrometerListenerMetrics::new);
    }
}
