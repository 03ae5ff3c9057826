package io.natsspring.broker.internal.account;

import io.natsspring.broker.internal.client.ClientConnection;
import io.natsspring.broker.internal.client.ClientInfoJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code Nats-Request-Info} header {@code nats-server} puts on every request a service import forwards: its
 * {@code ClientInfo} of the requester, in the struct's key order with empty values left out. Without
 * {@code share} only {@code acc} and {@code rtt}; with {@code share} the connection's details ({@code start},
 * {@code host}, {@code id}, {@code user}, {@code name}, {@code lang}, {@code ver}, {@code server}, the user JWT,
 * {@code issuer_key}, {@code name_tag}, {@code kind}, {@code client_type}). A request whose reply subject ends in
 * {@code .$FI} (a fast batch) keeps it in {@code reply}: the stream reads the batch from there.
 */
final class RequestInfo {

    /** The header's name. */
    static final String HEADER = "Nats-Request-Info";

    private static final String FAST_BATCH_SUFFIX = ".$FI";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code nats-server}'s {@code ClientInfo} fields in declaration order (its JSON order). */
    private static final List<String> ORDER = List.of(
            "start",
            "host",
            "id",
            "acc",
            "svc",
            "user",
            "name",
            "lang",
            "ver",
            "rtt",
            "server",
            "cluster",
            "alts",
            "stop",
            "jwt",
            "issuer_key",
            "name_tag",
            "tags",
            "kind",
            "client_type",
            "client_id",
            "nonce",
            "reply");

    private RequestInfo() {}

    /**
     * The JSON for a request of {@code c} (first service import on its way): detailed when {@code share}; the server
     * name added when the import leads into the system account ({@code system}) without sharing.
     */
    static String of(ClientConnection c, boolean share, boolean system, String serverName, String reply) {
        Map<String, Object> m = ClientInfoJson.of(
                c, share, share || system ? serverName : null, ClientInfoJson.Jwt.PRESENTED, c.clientType());
        if (reply != null && reply.endsWith(FAST_BATCH_SUFFIX)) {
            m.put("reply", reply);
        }
        return JSON.writeValueAsString(m);
    }

    /**
     * The JSON for a request that already passed a service import ({@code previous}, the header it carries): the
     * same details with {@code svc}, the account whose import forwards it now; the server name added when the request
     * moves from an import that did not share into one that does ({@code addServer}). {@code null} when
     * {@code previous} is not a JSON object ({@code nats-server} then adds nothing).
     */
    static String chained(String previous, String service, boolean addServer, String serverName) {
        JsonNode n;
        try {
            n = JSON.readTree(previous);
        } catch (RuntimeException e) {
            return null;
        }
        if (!(n instanceof ObjectNode o)) {
            return null;
        }
        o.put("svc", service);
        if (addServer && serverName != null && !serverName.isEmpty()) {
            o.put("server", serverName);
        }
        ObjectNode out = JSON.createObjectNode();
        for (String k : ORDER) {
            JsonNode v = o.get(k);
            if (v != null && !v.isNull() && !(v.isString() && v.asString().isEmpty())) {
                out.set(k, v);
            }
        }
        return out.toString();
    }

    /** The value of {@code Nats-Request-Info} in a header block, or {@code null}. */
    static String find(byte[] headers) {
        if (headers == null) {
            return null;
        }
        String text = new String(headers, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\r\n" + HEADER + ":");
        if (at < 0) {
            return null;
        }
        int start = at + 2 + HEADER.length() + 1;
        int end = text.indexOf("\r\n", start);
        if (end < 0) {
            return null;
        }
        String v = text.substring(start, end).strip();
        return new String(v.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * A copy of {@code headers} ({@code null}: none) without any {@code key} line and with {@code key: value} last,
     * as {@code nats-server}'s {@code client.setHeader}.
     */
    static byte[] put(byte[] headers, String key, String value) {
        StringBuilder b =
                new StringBuilder((headers == null ? 16 : headers.length) + key.length() + value.length() + 8);
        if (headers == null || headers.length <= 4) {
            b.append("NATS/1.0\r\n");
        } else {
            String text = new String(headers, StandardCharsets.ISO_8859_1);
            // without the empty line closing the block
            String body = text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 2) : text;
            int lineStart = body.indexOf("\r\n") + 2;
            b.append(body, 0, lineStart);
            while (lineStart < body.length()) {
                int end = body.indexOf("\r\n", lineStart);
                end = end < 0 ? body.length() : end + 2;
                if (!body.startsWith(key + ":", lineStart)) {
                    b.append(body, lineStart, end);
                }
                lineStart = end;
            }
        }
        String valueLatin1 = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        b.append(key).append(": ").append(valueLatin1).append("\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
