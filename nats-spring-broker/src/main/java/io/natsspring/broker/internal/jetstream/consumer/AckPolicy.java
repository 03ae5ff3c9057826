package io.natsspring.broker.internal.jetstream.consumer;

/** How deliveries are acknowledged: not at all, cumulatively, or one by one. */
public enum AckPolicy {
    NONE("none"), ALL("all"), EXPLICIT("explicit");

    private final String json;

    AckPolicy(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The policy named {@code json}, or {@code null}. */
    public static AckPolicy of(String json) {
        for (AckPolicy p : values()) {
            if (p.json.equals(json)) {
                return p;
            }
        }
        return null;
    }
}
