package io.natsspring.broker.internal.jetstream.stream;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** What a full stream does with a new message: drop old ones to make room, or refuse the new one. */
@JsonDeserialize(using = DiscardPolicy.Json.class)
public enum DiscardPolicy {
    OLD("old"),
    NEW("new");

    private final String json;

    DiscardPolicy(String json) {
        this.json = json;
    }

    @JsonValue
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

    /** Reads the JSON name strictly, as the server does. */
    static final class Json extends GoEnumDeserializer<DiscardPolicy> {
        Json() {
            super(DiscardPolicy.class, DiscardPolicy::of);
        }
    }
}
