package io.natsspring.broker.internal.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fields of a client's CONNECT JSON that the broker acts on. */
record ConnectRequest(
        boolean verbose,
        boolean pedantic,
        boolean echo,
        boolean headers,
        boolean noResponders,
        int protocol,
        String name,
        String lang,
        String version,
        String user,
        String pass,
        String authToken,
        String nkey,
        String sig,
        String jwt) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Parses CONNECT JSON; throws {@link IllegalArgumentException} when it is not a JSON object. */
    static ConnectRequest parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed CONNECT JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("CONNECT must carry a JSON object");
        }
        return new ConnectRequest(
                bool(n, "verbose", false),
                bool(n, "pedantic", false),
                bool(n, "echo", true),
                bool(n, "headers", false),
                bool(n, "no_responders", false),
                n.path("protocol").asInt(0),
                text(n, "name"),
                text(n, "lang"),
                text(n, "version"),
                text(n, "user"),
                text(n, "pass"),
                text(n, "auth_token"),
                text(n, "nkey"),
                text(n, "sig"),
                text(n, "jwt"));
    }

    private static boolean bool(JsonNode n, String field, boolean dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asBoolean(dflt);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
