package io.natsspring.broker.internal.jetstream.stream;

/** When a stream removes messages on its own: only by limits, once every consumer acked, or once one acked. */
public enum RetentionPolicy {
    LIMITS("limits"), INTEREST("interest"), WORK_QUEUE("workqueue");

    private final String json;

    RetentionPolicy(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The policy named {@code json}, or {@code null} if there is none. */
    public static RetentionPolicy of(String json) {
        for (RetentionPolicy p : values()) {
            if (p.json.equals(json)) {
                return p;
            }
        }
        return null;
    }
}
