package io.natsspring.benchmarks.scenario;

import java.util.List;

/** A scenario that runs the same phase twice: warm-up (discarded) and measured, each on fresh subjects/streams. */
abstract class PhasedScenario implements Scenario {

    private final String name;
    private final String description;
    private final Kind kind;
    private final boolean jetStream;
    private final List<Integer> defaultSizes;

    PhasedScenario(String name, String description, Kind kind, boolean jetStream, List<Integer> defaultSizes) {
        this.name = name;
        this.description = description;
        this.kind = kind;
        this.jetStream = jetStream;
        this.defaultSizes = List.copyOf(defaultSizes);
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
        return defaultSizes;
    }

    @Override
    public final Measurement run(ScenarioContext context, int size) throws Exception {
        Payloads payloads = new Payloads(size);
        if (context.warmup() != null) {
            phase(context, payloads, context.warmup(), "warmup");
        }
        Measurement m = phase(context, payloads, context.measure(), "measure");
        context.checkClientErrors();
        return m;
    }

    /** One phase: set up on names made from {@code phase}, measure a span, verify, clean up. */
    abstract Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase)
            throws Exception;
}
