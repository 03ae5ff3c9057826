package io.natsspring.broker.internal.client;

import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON a client sends (CONNECT, INFO) checked as nats-server decodes it with Go's {@code encoding/json}: field
 * names match case-insensitively, unknown fields are ignored, {@code null} leaves a field alone, and a value of the
 * wrong JSON type for a known field is an error (nats-server then closes the connection without {@code -ERR}).
 */
final class ClientJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private enum Type {
        BOOL,
        STRING,
        INT,
        PERMISSION
    }

    /** nats-server's {@code ClientOpts} fields by lower-case JSON name. */
    private static final Map<String, Type> CONNECT_FIELDS = Map.ofEntries(
            Map.entry("echo", Type.BOOL),
            Map.entry("verbose", Type.BOOL),
            Map.entry("pedantic", Type.BOOL),
            Map.entry("tls_required", Type.BOOL),
            Map.entry("new_account", Type.BOOL),
            Map.entry("headers", Type.BOOL),
            Map.entry("no_responders", Type.BOOL),
            Map.entry("nkey", Type.STRING),
            Map.entry("jwt", Type.STRING),
            Map.entry("sig", Type.STRING),
            Map.entry("auth_token", Type.STRING),
            Map.entry("user", Type.STRING),
            Map.entry("pass", Type.STRING),
            Map.entry("name", Type.STRING),
            Map.entry("lang", Type.STRING),
            Map.entry("version", Type.STRING),
            Map.entry("account", Type.STRING),
            Map.entry("remote_account", Type.STRING),
            Map.entry("proxy_sig", Type.STRING),
            Map.entry("protocol", Type.INT),
            Map.entry("import", Type.PERMISSION),
            Map.entry("export", Type.PERMISSION));

    private ClientJson() {}

    /** Parses one JSON value; throws {@link IllegalArgumentException} when it is not valid JSON. */
    static JsonNode read(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON");
            }
            return n;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** True for a valid JSON object or {@code null} (what nats-server accepts in a client's INFO). */
    static boolean isObjectOrNull(String json) {
        try {
            JsonNode n = read(json);
            return n.isObject() || n.isNull();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks a CONNECT document against the types of nats-server's client options; throws
     * {@link IllegalArgumentException} naming the first field of the wrong type.
     */
    static void checkConnectTypes(JsonNode root) {
        if (root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("CONNECT must carry a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            Type type = CONNECT_FIELDS.get(field.getKey().toLowerCase(Locale.ROOT));
            if (type != null && !fits(type, field.getValue())) {
                throw new IllegalArgumentException("CONNECT field '" + field.getKey() + "' has the wrong type");
            }
        }
    }

    private static boolean fits(Type type, JsonNode v) {
        if (v.isNull()) {
            return true;
        }
        return switch (type) {
            case BOOL -> v.isBoolean();
            case STRING -> v.isString();
            case INT -> v.isIntegralNumber() && v.canConvertToLong();
            case PERMISSION -> permission(v);
        };
    }

    /** A subject permission: {@code {"allow": [..], "deny": [..]}} with string (or null) elements. */
    private static boolean permission(JsonNode v) {
        if (!v.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : v.properties()) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("allow") && !name.equals("deny")) {
                continue;
            }
            JsonNode list = field.getValue();
            if (list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                return false;
            }
            for (JsonNode e : list) {
                if (!e.isNull() && !e.isString()) {
                    return false;
                }
            }
        }
        return true;
    }
}
