package io.natsspring.broker.internal.jetstream.consumer;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * How deliveries are acknowledged: not at all, cumulatively, one by one, or (2.14, ADR-60) cumulatively by the
 * answers to flow-control requests ({@code Nats-Last-Stream} / {@code Nats-Last-Consumer} headers).
 */
@JsonDeserialize(using = AckPolicy.Json.class)
public enum AckPolicy {
    NONE("none"),
    ALL("all"),
    EXPLICIT("explicit"),
    FLOW_CONTROL("flow_control");

    private final String json;

    AckPolicy(String json) {
        this.json = json;
    }

    @JsonValue
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

    /** Reads the JSON name strictly, as the server does. */
    static final class Json extends GoEnumDeserializer<AckPolicy> {
        Json() {
            super(AckPolicy.class, AckPolicy::of);
        }
    }
}
