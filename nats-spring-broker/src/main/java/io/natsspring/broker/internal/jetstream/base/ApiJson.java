package io.natsspring.broker.internal.jetstream.base;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Base64;

/**
 * JSON reading and writing for the JetStream API. Readers are strict about types the way Go's decoder is (a
 * string where a number belongs is {@link JsApiError#INVALID_JSON}) and lenient about unknown fields.
 */
public final class ApiJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ApiJson() {
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

    /** Parses a request body that must be a JSON object; an empty body gives an empty object. */
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
                throw JsApiError.INVALID_JSON.exception();
            }
            return (ObjectNode) n;
        } catch (JacksonException e) {
            throw JsApiError.INVALID_JSON.exception();
        }
    }

    public static ObjectNode parseObject(String text) {
        return parseObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String string(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** A string field, {@code null} when absent or JSON null. */
    public static String text(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            throw JsApiError.INVALID_JSON.exception();
        }
        return n.asString();
    }

    /** An integer field, {@code dflt} when absent or JSON null. */
    public static long number(JsonNode obj, String field, long dflt) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw JsApiError.INVALID_JSON.exception();
        }
        return n.longValue();
    }

    /** An unsigned integer field ({@code uint64} in the server): negative values are invalid JSON. */
    public static long unsigned(JsonNode obj, String field) {
        long v = number(obj, field, 0);
        if (v < 0) {
            throw JsApiError.INVALID_JSON.exception();
        }
        return v;
    }

    /** A boolean field, {@code false} when absent or JSON null. */
    public static boolean flag(JsonNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw JsApiError.INVALID_JSON.exception();
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
