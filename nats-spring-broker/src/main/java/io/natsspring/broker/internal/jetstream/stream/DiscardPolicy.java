package io.natsspring.broker.internal.jetstream.stream;

/** What a full stream does with a new message: drop old ones to make room, or refuse the new one. */
public enum DiscardPolicy {
    OLD("old"), NEW("new");

    private final String json;

    DiscardPolicy(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The policy named {@code json}, or {@code null} if there is none. */
    public static DiscardPolicy of(String json) {
        for (DiscardPolicy p : values()) {
            if (p.json.equals(json)) {
                return p;
            }
        }
        return null;
    }
}
