package io.natsspring.benchmarks;

/** How one run ended, in increasing order of severity. */
public enum RunStatus {
    OK("ok"),
    UNSUPPORTED("unsupported"),
    ERROR("error"),
    VIOLATION("violation");

    private final String label;

    RunStatus(String label) {
        this.label = label;
    }

    /** The value of the {@code status} field. */
    public String label() {
        return label;
    }

    /** The bench's exit code when this is the worst status of the invocation. */
    public int exitCode() {
        return switch (this) {
            case OK, UNSUPPORTED -> 0;
            case ERROR -> 1;
            case VIOLATION -> 2;
        };
    }
}
