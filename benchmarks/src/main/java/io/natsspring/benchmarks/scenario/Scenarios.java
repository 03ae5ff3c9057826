package io.natsspring.benchmarks.scenario;

import io.nats.client.api.StorageType;
import java.util.List;
import java.util.Optional;

/** Every scenario the bench knows, in the order a full run executes them. */
public final class Scenarios {

    private static final List<Scenario> ALL = List.of(
            new PublishOnlyScenario(),
            DeliveryScenario.oneToOne(),
            DeliveryScenario.fanOut(),
            DeliveryScenario.queueGroup(),
            new RequestReplyScenario(),
            new JetStreamSyncPublishScenario(),
            new AtomicBatchScenario(),
            new JetStreamAsyncPublishScenario(StorageType.File, List.of(128, 1024)),
            new JetStreamAsyncPublishScenario(StorageType.Memory, List.of(128)),
            StreamDrainScenario.pull(),
            StreamDrainScenario.orderedConsumer(),
            AckSyncScenario.single(),
            AckSyncScenario.parallel(),
            ReplicationCatchUpScenario.mirror(),
            ReplicationCatchUpScenario.source(),
            KeyValueScenario.put(),
            KeyValueScenario.get());

    private Scenarios() {}

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
