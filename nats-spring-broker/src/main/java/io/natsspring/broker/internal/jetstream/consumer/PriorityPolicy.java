package io.natsspring.broker.internal.jetstream.consumer;

import com.fasterxml.jackson.annotation.JsonValue;
import io.natsspring.broker.internal.jetstream.base.GoEnumDeserializer;
import io.natsspring.broker.internal.jetstream.base.GoJsonError;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * How a pull consumer with priority groups (ADR-42) chooses among waiting requests: not at all ({@code none}),
 * only requests whose {@code min_pending}/{@code min_ack_pending} threshold is met ({@code overflow}), one pinned
 * client at a time ({@code pinned_client}), or lowest {@code priority} first ({@code prioritized}, 2.12).
 */
@JsonDeserialize(using = PriorityPolicy.Json.class)
public enum PriorityPolicy {
    NONE("none"),
    OVERFLOW("overflow"),
    PINNED_CLIENT("pinned_client"),
    PRIORITIZED("prioritized");

    private final String json;

    PriorityPolicy(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** The policy named {@code json}, or {@code null}. */
    public static PriorityPolicy of(String json) {
        for (PriorityPolicy p : values()) {
            if (p.json.equals(json)) {
                return p;
            }
        }
        return null;
    }

    /** A priority group name: 1 to 16 of {@code A-Z a-z 0-9 / _ = -}. */
    public static boolean isValidGroupName(String g) {
        if (g == null || g.isEmpty() || g.length() > 16) {
            return false;
        }
        for (int i = 0; i < g.length(); i++) {
            char ch = g.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (ch >= '0' && ch <= '9')
                    || ch == '/'
                    || ch == '_'
                    || ch == '='
                    || ch == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Reads the JSON name strictly, with the server's {@code unknown priority policy: <raw JSON>}. */
    static final class Json extends StdDeserializer<PriorityPolicy> {
        Json() {
            super(PriorityPolicy.class);
        }

        @Override
        public PriorityPolicy deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                PriorityPolicy e = of(p.getString());
                if (e != null) {
                    return e;
                }
            }
            throw GoJsonError.message(p, "unknown priority policy: " + GoEnumDeserializer.rawJson(p));
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            throw GoJsonError.message(ctxt.getParser(), "unknown priority policy: null");
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
