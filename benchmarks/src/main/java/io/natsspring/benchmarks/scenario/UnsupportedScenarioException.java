package io.natsspring.benchmarks.scenario;

/** The target lacks what the scenario needs (e.g. JetStream); reported as {@code unsupported}, not a failure. */
public final class UnsupportedScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnsupportedScenarioException(String reason) {
        super(reason);
    }
}
