package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.trace.MessageTrace;
import java.util.Map;

/**
 * The {@code js} event of a traced message on its way through a stream's writer, completed as {@code nats-server}
 * completes it: the stored subject (and {@code nointerest}) once the message passed the consistency checks, the
 * error text of a refusal, and the event sent when the stream is done with the message. Writer thread only.
 */
final class StreamTrace {

    private final MessageTrace trace;
    private final Map<String, Object> event;
    private String subject;
    private boolean noInterest;
    private String error;
    private boolean done;

    StreamTrace(MessageTrace trace, Map<String, Object> event) {
        this.trace = trace;
        this.event = event;
    }

    /** Whether the message is traced only (checked, neither stored nor acknowledged once the checks passed). */
    boolean traceOnly() {
        return trace.traceOnly();
    }

    /** The checks passed: the message goes to the store under {@code subject}. */
    void checked(String subject, boolean noInterest) {
        this.subject = subject;
        this.noInterest = noInterest;
    }

    /** The stream refused the message with {@code text} ({@code nats-server}'s error text). */
    void failed(String text) {
        this.error = text;
    }

    /** Sends the event (once). */
    void finish() {
        if (done) {
            return;
        }
        done = true;
        trace.jetStreamDone(event, subject, noInterest, error);
    }
}
