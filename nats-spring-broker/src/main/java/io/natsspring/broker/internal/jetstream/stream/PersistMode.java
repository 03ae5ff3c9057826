package io.natsspring.broker.internal.jetstream.stream;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A stream's {@code persist_mode} (nats-server 2.12, API level 2). {@code async} lets a file store acknowledge a
 * write before it reaches the device: such a stream's store ignores the broker's {@code sync_always} and syncs on
 * the sync interval only. Otherwise both modes store alike; the setting is validated, kept and echoed as {@code
 * nats-server} does.
 */
@JsonDeserialize(using = PersistMode.Json.class)
public enum PersistMode {
    DEFAULT("default"),
    ASYNC("async");

    private final String json;

    PersistMode(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** The mode named {@code json} ({@code ""} is the default, as in Go), or {@code null} if there is none. */
    public static PersistMode of(String json) {
        if (json.isEmpty()) {
            return DEFAULT;
        }
        for (PersistMode m : values()) {
            if (m.json.equals(json)) {
                return m;
            }
        }
        return null;
    }

    /** Reads the JSON name strictly, as the server does. */
    static final class Json extends GoEnumDeserializer<PersistMode> {
        Json() {
            super(PersistMode.class, PersistMode::of);
        }
    }
}
