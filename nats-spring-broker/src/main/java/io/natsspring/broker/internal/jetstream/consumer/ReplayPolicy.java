package io.natsspring.broker.internal.jetstream.consumer;

/** Deliver as fast as possible, or at the pace the messages were originally published. */
public enum ReplayPolicy {
    INSTANT("instant"), ORIGINAL("original");

    private final String json;

    ReplayPolicy(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The policy named {@code json}, or {@code null}. */
    public static ReplayPolicy of(String json) {
        for (ReplayPolicy p : values()) {
            if (p.json.equals(json)) {
                return p;
            }
        }
        return null;
    }
}
