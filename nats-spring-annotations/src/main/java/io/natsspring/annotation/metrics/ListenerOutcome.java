package io.natsspring.annotation.metrics;

/** How handling one message ended; the {@code outcome} tag of the processing timer. */
public enum ListenerOutcome {

    /** The handler returned (JetStream: acked). */
    SUCCESS("success"),

    /** The handler threw (JetStream: nak'd for redelivery). */
    FAILURE("failure"),

    /** The handler threw and the message was terminated (non-retryable or dead-lettered). */
    TERM("term");

    private final String tag;

    ListenerOutcome(String tag) {
        this.tag = tag;
    }

    /** The tag value. */
    public String tag() {
        return tag;
    }
}
