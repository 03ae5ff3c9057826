package io.natsspring.broker.internal.jetstream.consumer;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** Deliver as fast as possible, or at the pace the messages were originally published. */
@JsonDeserialize(using = ReplayPolicy.Json.class)
public enum ReplayPolicy {
    INSTANT("instant"),
    ORIGINAL("original");

    private final String json;

    ReplayPolicy(String json) {
        this.json = json;
    }

    @JsonValue
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

    /** Reads the JSON name strictly, as the server does. */
    static final class Json extends GoEnumDeserializer<ReplayPolicy> {
        Json() {
            super(ReplayPolicy.class, ReplayPolicy::of);
        }
    }
}
