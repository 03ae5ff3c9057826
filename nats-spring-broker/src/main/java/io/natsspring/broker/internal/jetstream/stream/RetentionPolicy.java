package io.natsspring.broker.internal.jetstream.stream;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** When a stream removes messages on its own: only by limits, once every consumer acked, or once one acked. */
@JsonDeserialize(using = RetentionPolicy.Json.class)
public enum RetentionPolicy {
    LIMITS("limits"),
    INTEREST("interest"),
    WORK_QUEUE("workqueue");

    private final String json;

    RetentionPolicy(String json) {
        this.json = json;
    }

    @JsonValue
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

    /** Reads the JSON name strictly, as the server does. */
    static final class Json extends GoEnumDeserializer<RetentionPolicy> {
        Json() {
            super(RetentionPolicy.class, RetentionPolicy::of);
        }
    }
}
