package io.natsspring.broker.internal.jetstream.base;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;

/**
 * A decoding error worded as {@code nats-server} words it. Either a complete message (from a type with its own
 * Go {@code UnmarshalJSON}, e.g. {@code can not unmarshal "\"forever\""}) or a type mismatch whose message
 * {@link GoJsonErrors} completes with the field path Jackson collects while the error travels up.
 */
public final class GoJsonError extends DatabindException {

    private final String goMessage;
    private final String value;
    private final String goType;

    private GoJsonError(JsonParser p, String goMessage, String value, String goType) {
        super(p, goMessage != null ? goMessage : "cannot unmarshal " + value + " into " + goType);
        this.goMessage = goMessage;
        this.value = value;
        this.goType = goType;
    }

    /** An error with a fixed message, reported without a field path. */
    public static GoJsonError message(JsonParser p, String message) {
        return new GoJsonError(p, message, null, null);
    }

    /** The current token can not be decoded into {@code goType}. */
    public static GoJsonError mismatch(JsonParser p, String goType) {
        return new GoJsonError(p, null, valueKind(p, goType), goType);
    }

    /** {@code value} (Go's name for what was found) can not be decoded into {@code goType}. */
    public static GoJsonError mismatch(JsonParser p, String value, String goType) {
        return new GoJsonError(p, null, value, goType);
    }

    /** The fixed message, or {@code null} for a type mismatch. */
    String goMessage() {
        return goMessage;
    }

    /** What was found, as Go names it ({@code string}, {@code number 1.5}, {@code bool}, …). */
    String value() {
        return value;
    }

    String goType() {
        return goType;
    }

    /**
     * Go's name for the JSON value under the parser: numbers carry their literal when they were meant for an
     * integer type, as {@code encoding/json} does.
     */
    public static String valueKind(JsonParser p, String goType) {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "value";
        }
        return switch (t) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> isInteger(goType) ? "number " + p.getString() : "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            default -> "value";
        };
    }

    private static boolean isInteger(String goType) {
        return switch (goType) {
            case "int", "int32", "int64", "uint64", "time.Duration" -> true;
            default -> false;
        };
    }
}
