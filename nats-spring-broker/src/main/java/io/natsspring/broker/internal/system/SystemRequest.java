package io.natsspring.broker.internal.system;

import io.natsspring.broker.internal.client.ClientConnection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request received by a system handler: its subject (split into tokens), its reply subject ({@code null} when
 * none), the name of the account it was published in, its headers and body (copies, {@code null} when absent), and
 * the client that published it ({@code null} when internal or unknown).
 */
public record SystemRequest(
        String subject, String reply, String account, byte[] headers, byte[] body, ClientConnection requester) {

    /** A request without a known requesting client. */
    public SystemRequest(String subject, String reply, String account, byte[] headers, byte[] body) {
        this(subject, reply, account, headers, body, null);
    }

    /** The subject's tokens. */
    public String[] tokens() {
        return subject.split("\\.", -1);
    }

    /** Token {@code i} (0-based) of the subject, {@code null} beyond the end. */
    public String token(int i) {
        String[] t = tokens();
        return i < t.length ? t[i] : null;
    }

    /** Whether the request has a non-empty body. */
    public boolean hasBody() {
        return body != null && body.length > 0;
    }

    /** The body as UTF-8 text ({@code ""} when empty). */
    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** The answer {@code nats-server} gives to a failed request: {@code {"server":…,"error":{code,description}}}. */
    public static Map<String, Object> error(int code, String description) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("description", description);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("data", null);
        m.put("error", e);
        return m;
    }

    /** The answer {@code nats-server} gives to a successful request: {@code {"server":…,"data":data}}. */
    public static Map<String, Object> data(Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        m.put("data", data);
        return m;
    }
}
