package io.natsspring.boot.autoconfigure.deadletter;

import java.util.List;

/** A dead-letter subject is captured by no stream, so dead letters would be lost; the message says what to declare. */
public class DeadLetterSubjectNotCapturedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public DeadLetterSubjectNotCapturedException(List<String> problems) {
        super("Dead letters would be lost: " + String.join("; ", problems));
    }
}
