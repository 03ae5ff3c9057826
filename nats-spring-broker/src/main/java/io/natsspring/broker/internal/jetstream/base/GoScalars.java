package io.natsspring.broker.internal.jetstream.base;

import java.math.BigInteger;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Deserializers for the scalar types of {@code nats-server}'s API structs with Go's strictness: no coercion
 * between strings, numbers and booleans, integers in the Go type's range, JSON {@code null} leaving the zero value.
 * Wrong input raises a {@link GoJsonError} naming the Go type.
 */
public final class GoScalars {

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoScalars() {}

    /** Go {@code string}. */
    public static final class Str extends StdDeserializer<String> {
        public Str() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getString();
            }
            throw GoJsonError.mismatch(p, "string");
        }
    }

    /** Go {@code bool}; {@code null} is {@code false}. */
    public static final class Bool extends StdDeserializer<Boolean> {
        public Bool() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) {
            return switch (p.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw GoJsonError.mismatch(p, "bool");
            };
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return Boolean.FALSE;
        }
    }

    /** A Go integer type decoded into a {@code long}; {@code null} is {@code 0}. */
    public abstract static class GoInteger extends StdDeserializer<Long> {
        private final String goType;
        private final BigInteger min;
        private final BigInteger max;

        GoInteger(String goType, BigInteger min, BigInteger max) {
            super(Long.class);
            this.goType = goType;
            this.min = min;
            this.max = max;
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                BigInteger v = new BigInteger(p.getString());
                if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
                    return v.longValue();
                }
            }
            throw GoJsonError.mismatch(p, goType);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return 0L;
        }
    }

    /** Go {@code int64}. */
    public static final class Int64 extends GoInteger {
        public Int64() {
            super("int64", INT64_MIN, INT64_MAX);
        }
    }

    /** Go {@code int} (64 bits on the server's platforms). */
    public static final class Int extends GoInteger {
        public Int() {
            super("int", INT64_MIN, INT64_MAX);
        }
    }

    /** Go {@code int32}. */
    public static final class Int32 extends GoInteger {
        public Int32() {
            super("int32", INT32_MIN, INT32_MAX);
        }
    }

    /** Go {@code uint64}, limited to {@link Long#MAX_VALUE}. */
    public static final class Uint64 extends GoInteger {
        public Uint64() {
            super("uint64", BigInteger.ZERO, INT64_MAX);
        }
    }

    /** Go {@code time.Duration}: an integer of nanoseconds. */
    public static final class Duration extends GoInteger {
        public Duration() {
            super("time.Duration", INT64_MIN, INT64_MAX);
        }
    }

    /** Go {@code time.Time}: an RFC 3339 string, decoded to nanoseconds since the epoch ({@code 0} when unset). */
    public static final class Time extends StdDeserializer<Long> {
        public Time() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw GoJsonError.mismatch(p, "time.Time");
            }
            String text = p.getString();
            String problem = GoTimeSyntax.problem(text);
            if (problem != null) {
                throw GoJsonError.message(p, problem);
            }
            return ApiTime.parse(text);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return 0L;
        }
    }

    /** Writes nanoseconds since the epoch as Go writes a {@code time.Time} (see {@link ApiTime#format}). */
    public static final class TimeWriter extends ValueSerializer<Long> {
        @Override
        public void serialize(Long value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(ApiTime.format(value));
        }
    }

    /**
     * A nested object this broker keeps as raw JSON (placement, mirror, …): must be an object or {@code null};
     * its Go type comes from the property's {@link GoType}.
     */
    public static final class RawObject extends StdDeserializer<JsonNode> {
        private final String goType;

        public RawObject() {
            this("object");
        }

        private RawObject(String goType) {
            super(JsonNode.class);
            this.goType = goType;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            GoType t = property == null ? null : property.getAnnotation(GoType.class);
            return t == null ? this : new RawObject(t.value());
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw GoJsonError.mismatch(p, goType);
            }
            return p.readValueAsTree();
        }
    }

    /**
     * A list of nested objects kept as raw JSON ({@code sources}): an array of objects, or {@code null}; the
     * element's Go type is the property's {@link GoType} without its {@code []*} prefix.
     */
    public static final class RawObjectArray extends StdDeserializer<JsonNode> {
        private final String goType;

        public RawObjectArray() {
            this("[]object");
        }

        private RawObjectArray(String goType) {
            super(JsonNode.class);
            this.goType = goType;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            GoType t = property == null ? null : property.getAnnotation(GoType.class);
            return t == null ? this : new RawObjectArray(t.value());
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw GoJsonError.mismatch(p, goType);
            }
            JsonNode array = p.readValueAsTree();
            String element = goType.replaceFirst("^\\[]\\*?", "");
            for (int i = 0; i < array.size(); i++) {
                JsonNode e = array.get(i);
                if (!e.isObject() && !e.isNull()) {
                    GoJsonError error = GoJsonError.mismatch(p, kind(e), element);
                    error.prependPath(array, i);
                    throw error;
                }
            }
            return array.isEmpty() ? null : array;
        }

        private static String kind(JsonNode n) {
            if (n.isString()) {
                return "string";
            }
            if (n.isNumber()) {
                return "number";
            }
            if (n.isBoolean()) {
                return "bool";
            }
            return n.isArray() ? "array" : "object";
        }
    }
}
