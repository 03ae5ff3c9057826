package io.natsspring.broker.internal.jetstream.base;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JetStream API's one configured Jackson mapper, and request decoding with {@code nats-server}'s strictness:
 * unknown fields, a string where a number belongs, a number out of its Go type's range and bad syntax are all
 * {@link JsApiError#INVALID_JSON} with the description Go's decoder gives ({@code invalid JSON: json: unknown
 * field "x"}). Field names match case-insensitively and {@code null} leaves a field unset, as in Go.
 */
public final class ApiJson {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(MapperFeature.INFER_RECORD_GETTERS_FROM_COMPONENTS_ONLY)
            .addModule(new SimpleModule("go-scalars")
                    .addDeserializer(String.class, new GoScalars.Str())
                    .addDeserializer(Boolean.class, new GoScalars.Bool())
                    .addDeserializer(boolean.class, new GoScalars.Bool())
                    .addDeserializer(Long.class, new GoScalars.Int64())
                    .addDeserializer(long.class, new GoScalars.Int64()))
            .build();

    private ApiJson() {}

    /**
     * Decodes a request body into {@code type} as {@code nats-server} decodes it into the Go struct {@code goRoot}:
     * an empty body or {@code null} gives the type's empty value; the body is read as a sequence of values, each
     * checked (only the first one's content is kept).
     *
     * @throws ApiException {@link JsApiError#INVALID_JSON} worded as Go's decoder
     */
    public static <T> T read(byte[] body, Class<T> type, String goRoot) {
        byte[] in = body == null ? EMPTY_OBJECT : body;
        T result = null;
        int pos = 0;
        while (true) {
            GoJsonSyntax.Value v = GoJsonSyntax.next(in, pos);
            if (v.error() != null) {
                throw JsApiError.INVALID_JSON.exception(v.error());
            }
            if (!v.present()) {
                break;
            }
            T value = bind(in, v.start(), v.end() - v.start(), type, goRoot);
            if (result == null) {
                result = value;
            }
            pos = v.end();
        }
        return result != null ? result : bind(EMPTY_OBJECT, 0, 2, type, goRoot);
    }

    private static <T> T bind(byte[] in, int offset, int length, Class<T> type, String goRoot) {
        try {
            return MAPPER.readValue(in, offset, length, type);
        } catch (JacksonException e) {
            throw JsApiError.INVALID_JSON.exception(GoJsonErrors.describe(e, goRoot));
        }
    }

    /** A value as a JSON tree (to merge into a response). */
    public static ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** {@code true} for an empty body, {@code {}} or an object without fields, as {@code nats-server} sees it. */
    public static boolean isEmptyRequest(byte[] body) {
        if (body == null || body.length == 0) {
            return true;
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            return n != null && n.isObject() && n.isEmpty();
        } catch (JacksonException e) {
            return false;
        }
    }

    /** Parses a body that must be a JSON object (not an API request: pull and NAK options); empty gives {@code {}}. */
    public static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            return object();
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode() || n.isNull()) {
                return object();
            }
            if (!n.isObject()) {
                throw JsApiError.INVALID_JSON.exception("json: cannot unmarshal " + n.getNodeType() + " into object");
            }
            return (ObjectNode) n;
        } catch (JacksonException e) {
            throw JsApiError.INVALID_JSON.exception(e.getOriginalMessage());
        }
    }

    public static ObjectNode parseObject(String text) {
        return parseObject(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String string(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** An integer field of a parsed object, {@code dflt} when absent or JSON null. */
    public static long number(JsonNode obj, String field, long dflt) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw JsApiError.INVALID_JSON.exception("json: cannot unmarshal " + n.getNodeType() + " into " + field);
        }
        return n.longValue();
    }

    /** A boolean field of a parsed object, {@code false} when absent or JSON null. */
    public static boolean flag(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw JsApiError.INVALID_JSON.exception("json: cannot unmarshal " + n.getNodeType() + " into " + field);
        }
        return n.booleanValue();
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Adds {@code "error":{…}} to a response. */
    public static ObjectNode putError(ObjectNode response, ApiError error) {
        ObjectNode e = response.putObject("error");
        e.put("code", error.code());
        e.put("err_code", error.errCode());
        e.put("description", error.description());
        return response;
    }
}
