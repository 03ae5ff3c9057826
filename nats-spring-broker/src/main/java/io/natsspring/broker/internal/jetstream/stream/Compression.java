package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.GoJsonError;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads a stream's {@code compression} as {@code nats-server} does: {@code "s2"}, or {@code "none"}/{@code ""}
 * for none; other strings and {@code null} are "unknown compression algorithm".
 */
final class Compression extends StdDeserializer<String> {

    static final String NONE = "none";
    static final String S2 = "s2";
    private static final String UNKNOWN = "unknown compression algorithm";

    Compression() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw GoJsonError.message(
                    p,
                    "json: cannot unmarshal " + GoJsonError.valueKind(p, "string") + " into Go value of type string");
        }
        return switch (p.getString()) {
            case "", NONE -> NONE;
            case S2 -> S2;
            default -> throw GoJsonError.message(p, UNKNOWN);
        };
    }

    @Override
    public Object getNullValue(DeserializationContext ctxt) {
        throw GoJsonError.message(ctxt.getParser(), UNKNOWN);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        return null;
    }
}
