package io.natsspring.broker.internal.client;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

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

    /** nats-server's options before any CONNECT: verbose, pedantic and echo on. */
    private static final ConnectRequest DEFAULTS =
            new ConnectRequest(true, true, true, false, false, 0, null, null, null, null, null, null, null, null, null);

    /**
     * Parses CONNECT JSON as nats-server does: a JSON object (or {@code null}), field names matched
     * case-insensitively (the last occurrence wins), every known field of its Go type; throws
     * {@link IllegalArgumentException} otherwise.
     */
    static ConnectRequest parse(String json) {
        return parse(json, DEFAULTS);
    }

    /**
     * Parses a CONNECT after {@code previous} (as nats-server decodes a second CONNECT over the options of the
     * first: absent fields keep their values).
     */
    static ConnectRequest parse(String json, ConnectRequest previous) {
        JsonNode root = ClientJson.read(json);
        ClientJson.checkConnectTypes(root);
        Map<String, JsonNode> n = new HashMap<>();
        if (root.isObject()) {
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                n.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
            }
        }
        ConnectRequest p = previous == null ? DEFAULTS : previous;
        return new ConnectRequest(
                bool(n, "verbose", p.verbose()),
                bool(n, "pedantic", p.pedantic()),
                bool(n, "echo", p.echo()),
                bool(n, "headers", p.headers()),
                bool(n, "no_responders", p.noResponders()),
                protocol(n.get("protocol"), p.protocol()),
                text(n, "name", p.name()),
                text(n, "lang", p.lang()),
                text(n, "version", p.version()),
                text(n, "user", p.user()),
                text(n, "pass", p.pass()),
                text(n, "auth_token", p.authToken()),
                text(n, "nkey", p.nkey()),
                text(n, "sig", p.sig()),
                text(n, "jwt", p.jwt()));
    }

    private static int protocol(JsonNode v, int dflt) {
        if (v == null || v.isNull()) {
            return dflt;
        }
        long p = v.asLong();
        return p < Integer.MIN_VALUE || p > Integer.MAX_VALUE ? -1 : (int) p;
    }

    private static boolean bool(Map<String, JsonNode> n, String field, boolean dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asBoolean(dflt);
    }

    private static String text(Map<String, JsonNode> n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asString();
    }
}
