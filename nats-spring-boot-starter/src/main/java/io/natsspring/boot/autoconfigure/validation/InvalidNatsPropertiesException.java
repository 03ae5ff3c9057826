package io.natsspring.boot.autoconfigure.validation;

import java.util.List;

/**
 * The {@code nats.*} configuration has unknown keys or invalid declarations. Each problem names its property path;
 * {@link InvalidNatsPropertiesFailureAnalyzer} turns this into a description and an action at startup.
 */
public class InvalidNatsPropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;
    private final String action;

    public InvalidNatsPropertiesException(List<String> problems, String action) {
        super("Invalid NATS configuration:" + System.lineSeparator() + "  - "
                + String.join(System.lineSeparator() + "  - ", problems));
        this.problems = List.copyOf(problems);
        this.action = action;
    }

    /** The problems found, each starting with the property it is about. */
    public List<String> getProblems() {
        return problems;
    }

    /** What to change. */
    public String getAction() {
        return action;
    }
}
