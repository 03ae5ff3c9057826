package io.natsspring.broker.internal.jetstream.base;

import java.util.function.Function;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads an API enum from its JSON name the way {@code nats-server}'s {@code UnmarshalJSON} does: anything else,
 * {@code null} included, is {@code can not unmarshal "<raw JSON>"}. An absent field stays {@code null} (the
 * caller's default).
 *
 * @param <E> the enum
 */
public abstract class GoEnumDeserializer<E extends Enum<E>> extends StdDeserializer<E> {

    private final Function<String, E> byName;

    protected GoEnumDeserializer(Class<E> type, Function<String, E> byName) {
        super(type);
        this.byName = byName;
    }

    @Override
    public E deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            E e = byName.apply(p.getString());
            if (e != null) {
                return e;
            }
        }
        throw GoJsonError.message(p, "can not unmarshal " + GoJsonErrors.quote(rawJson(p)));
    }

    @Override
    public Object getNullValue(DeserializationContext ctxt) {
        throw GoJsonError.message(ctxt.getParser(), "can not unmarshal \"null\"");
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        return null;
    }

    /** The current value as JSON text (what Go hands to {@code UnmarshalJSON}). */
    public static String rawJson(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return ApiJson.string(p.getString());
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            return ApiJson.string(p.readValueAsTree());
        }
        return p.getString();
    }
}
