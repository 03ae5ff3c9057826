package io.natsspring.broker.internal.jetstream.stream;

/** Where a stream keeps its messages. */
public enum StorageType {
    FILE("file"), MEMORY("memory");

    private final String json;

    StorageType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The type named {@code json}, or {@code null} if there is none. */
    public static StorageType of(String json) {
        for (StorageType t : values()) {
            if (t.json.equals(json)) {
                return t;
            }
        }
        return null;
    }
}
