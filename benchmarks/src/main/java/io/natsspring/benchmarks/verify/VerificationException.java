package io.natsspring.benchmarks.verify;

/** A correctness violation: lost, duplicated, reordered or corrupted messages, or errors the client saw. */
public final class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }
}
