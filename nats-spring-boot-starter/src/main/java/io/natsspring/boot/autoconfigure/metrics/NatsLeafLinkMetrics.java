package io.natsspring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.natsspring.broker.LeafLinkStatus;
import io.natsspring.broker.NatsBroker;

/**
 * Gauges of the embedded broker's leaf-node links: {@code nats.broker.leaf.links} (configured remotes and connected
 * leaf nodes) and {@code nats.broker.leaf.links.connected} (those established now).
 */
public class NatsLeafLinkMetrics implements MeterBinder {

    private final NatsBroker broker;

    public NatsLeafLinkMetrics(NatsBroker broker) {
        this.broker = broker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("nats.broker.leaf.links", broker, b -> b.leafLinks().size())
                .description("Leaf-node links of the embedded broker: configured remotes and connected leaf nodes")
                .baseUnit("links")
                .register(registry);
        Gauge.builder(
                        "nats.broker.leaf.links.connected",
                        broker,
                        b -> b.leafLinks().stream()
                                .filter(LeafLinkStatus::connected)
                                .count())
                .description("Leaf-node links of the embedded broker that are established")
                .baseUnit("links")
                .register(registry);
    }
}
