package io.natsspring.boot.observation;

/** What an outgoing observation recorded, the {@code messaging.operation} tag. */
public enum NatsOperation {

    /** Core publish. */
    PUBLISH("publish"),

    /** Request/reply: the publish and the wait for the reply. */
    REQUEST("request"),

    /** JetStream publish: the publish and the wait for the stream's acknowledgement. */
    JETSTREAM_PUBLISH("jetstream.publish");

    private final String tag;

    NatsOperation(String tag) {
        this.tag = tag;
    }

    /** Tag value. */
    public String tag() {
        return tag;
    }
}
