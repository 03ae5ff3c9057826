package io.natsspring.benchmarks.scenario;

import io.nats.client.api.StorageType;
import java.util.List;
import java.util.Optional;

/**
 * Every scenario the bench knows: {@link #all()} in the order a full run executes them, and the {@link #scale()}
 * scenarios (large populations, minutes of work each), run only when named or with {@code --scenario scale}.
 */
public final class Scenarios {

    private static final List<Scenario> ALL = List.of(
            new PublishOnlyScenario(),
            DeliveryScenario.oneToOne(),
            DeliveryScenario.fanOut(),
            DeliveryScenario.queueGroup(),
            new RequestReplyScenario(),
            new JetStreamSyncPublishScenario(),
            new RequestReplyUnderLoadScenario(),
            new JetStreamSyncPublishUnderLoadScenario(),
            new AtomicBatchScenario(),
            new FastBatchScenario(),
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

    private static final List<Scenario> SCALE = List.of(
            new WildcardSubscriptionsScenario(100_000),
            new ConnectionsScenario(10_000),
            new ManyStreamsScenario(500),
            new ManyKeysScenario(1_000_000),
            new SustainedPublishScenario());

    private Scenarios() {}

    public static List<Scenario> all() {
        return ALL;
    }

    /** The scale scenarios, not part of {@link #all()}. */
    public static List<Scenario> scale() {
        return SCALE;
    }

    public static Optional<Scenario> named(String name) {
        return java.util.stream.Stream.concat(ALL.stream(), SCALE.stream())
                .filter(s -> s.name().equals(name))
                .findFirst();
    }

    /**
     * The scale scenarios with small populations ({@code subscriptions}, {@code connections}, {@code streams},
     * {@code keys}), for a quick check that each runs and verifies.
     */
    public static List<Scenario> scaleOf(int subscriptions, int connections, int streams, int keys) {
        return List.of(
                new WildcardSubscriptionsScenario(subscriptions),
                new ConnectionsScenario(connections),
                new ManyStreamsScenario(streams),
                new ManyKeysScenario(keys),
                new SustainedPublishScenario());
    }
}
