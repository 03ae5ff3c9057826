package io.natsspring.benchmarks.scenario;

import java.util.List;

/**
 * A scale scenario: builds its population once (subscriptions, connections, streams, keys), measures it, and tears
 * it down. No warm-up phase: the population is the point, and building it twice would only double the cost.
 */
abstract class OneShotScenario implements Scenario {

    private final String name;
    private final String description;
    private final Kind kind;
    private final boolean jetStream;

    OneShotScenario(String name, String description, Kind kind, boolean jetStream) {
        this.name = name;
        this.description = description;
        this.kind = kind;
        this.jetStream = jetStream;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Kind kind() {
        return kind;
    }

    @Override
    public final boolean needsJetStream() {
        return jetStream;
    }

    @Override
    public final List<Integer> defaultSizes() {
        return List.of(16);
    }

    @Override
    public final Measurement run(ScenarioContext context, int size) throws Exception {
        Measurement m = measure(context, new Payloads(size));
        context.checkClientErrors();
        return m;
    }

    /** Builds the population, measures, verifies and cleans up. */
    abstract Measurement measure(ScenarioContext context, Payloads payloads) throws Exception;
}
