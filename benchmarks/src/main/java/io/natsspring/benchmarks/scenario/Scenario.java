package io.natsspring.benchmarks.scenario;

import java.util.List;

/** One benchmark shape (publish-only, fan-out, request/reply, ...) run against one target at one message size. */
public interface Scenario {

    /** Which figures the scenario is judged by. */
    enum Kind {
        /** Messages per second and server CPU per message. */
        THROUGHPUT,
        /** Per-operation latency percentiles and server CPU per operation. */
        LATENCY,
        /**
         * Per-operation latency percentiles while a background load runs: also the load's rate and the server CPU
         * per message of either kind.
         */
        LATENCY_UNDER_LOAD
    }

    /** The name used on the command line and in result lines, e.g. {@code pubsub_1to1}. */
    String name();

    /** One line for {@code --list}. */
    String description();

    Kind kind();

    /** True when the scenario needs JetStream; it reports {@code unsupported} when the target has none. */
    boolean needsJetStream();

    /** Sizes run when the command line names none. */
    List<Integer> defaultSizes();

    /**
     * Runs the warm-up then the measured phase; throws {@link io.natsspring.benchmarks.verify.VerificationException}
     * on a correctness violation and {@link UnsupportedScenarioException} when the target lacks a feature.
     */
    Measurement run(ScenarioContext context, int size) throws Exception;
}
