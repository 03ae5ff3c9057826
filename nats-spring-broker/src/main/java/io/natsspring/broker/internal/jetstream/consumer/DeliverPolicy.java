package io.natsspring.broker.internal.jetstream.consumer;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** Where a new consumer starts in its stream. */
@JsonDeserialize(using = DeliverPolicy.Json.class)
public enum DeliverPolicy {
    ALL("all"),
    LAST("last"),
    NEW("new"),
    BY_START_SEQUENCE("by_start_sequence"),
    BY_START_TIME("by_start_time"),
    LAST_PER_SUBJECT("last_per_subject");

    private final String json;

    DeliverPolicy(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** The policy named {@code json}, or {@code null}. */
    public static DeliverPolicy of(String json) {
        for (DeliverPolicy p : values()) {
            if (p.json.equals(json)) {
                return p;
            }
        }
        return null;
    }

    /** Reads the JSON name strictly, as the server does. */
    static final class Json extends GoEnumDeserializer<DeliverPolicy> {
        Json() {
            super(DeliverPolicy.class, DeliverPolicy::of);
        }
    }
}
