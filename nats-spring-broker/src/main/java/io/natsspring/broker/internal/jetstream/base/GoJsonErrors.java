package io.natsspring.broker.internal.jetstream.base;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Words a Jackson binding error as Go's {@code encoding/json} words the same mistake in {@code nats-server}
 * ({@code json: cannot unmarshal string into Go struct field StreamConfigRequest.max_msgs of type int64},
 * {@code json: unknown field "bogus"}), so the {@code invalid JSON: …} description matches the server's.
 */
final class GoJsonErrors {

    private GoJsonErrors() {}

    /**
     * @param goRoot the Go struct the body is decoded into, e.g. {@code StreamConfigRequest}
     */
    static String describe(JacksonException e, String goRoot) {
        if (e instanceof GoJsonError g) {
            return g.goMessage() != null ? g.goMessage() : mismatch(g.value(), g.goType(), e.getPath(), goRoot);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "json: unknown field " + quote(u.getPropertyName());
        }
        if (e instanceof MismatchedInputException m) {
            return mismatch(kind(m.getCurrentToken()), goType(m.getTargetType()), e.getPath(), goRoot);
        }
        return e.getOriginalMessage();
    }

    private static String mismatch(String value, String goType, List<JacksonException.Reference> path, String root) {
        if (path.isEmpty()) {
            return "json: cannot unmarshal " + value + " into Go value of type server." + root;
        }
        StringBuilder field = new StringBuilder(root);
        for (JacksonException.Reference r : path) {
            field.append('.').append(r.getPropertyName() != null ? r.getPropertyName() : String.valueOf(r.getIndex()));
        }
        boolean element = path.get(path.size() - 1).getPropertyName() == null;
        return "json: cannot unmarshal " + value + " into " + (element ? "" : "Go struct field ") + field + " of type "
                + goType;
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "value";
        }
        return switch (t) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            default -> "value";
        };
    }

    private static String goType(Class<?> type) {
        if (type == null) {
            return "interface {}";
        }
        GoType annotated = type.getAnnotation(GoType.class);
        if (annotated != null) {
            return annotated.value();
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "bool";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "[]string";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "map[string]string";
        }
        return "server." + type.getSimpleName();
    }

    /** Go's {@code %q} of a string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
