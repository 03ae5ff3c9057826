package io.natsspring.broker.internal.system;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code $SYS.REQ.SERVER.<id>.KICK} ({@code {"cid":N}}: closes that client, reason {@code Kicked}) and
 * {@code $SYS.REQ.SERVER.<id>.RELOAD} (reloads the configuration file) as {@code nats-server} 2.15 answers them:
 * {@code {"server":…}} when done, {@code {"server":…,"error":{"code":500,"description":…}}} when not; a KICK whose
 * body is not JSON gets no answer; a body that does not parse as filter options gets a 400.
 */
final class ControlRequests {

    /** Built on the first request, not when the system account starts: Jackson is a large part of a cold start. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    private final ServerEnvelope server;
    private final ServerControl control;

    ControlRequests(ServerEnvelope server, ServerControl control) {
        this.server = server;
        this.control = control;
    }

    void registerAll(SystemRequests requests) {
        requests.register("$SYS.REQ.SERVER." + server.id() + ".KICK", this::kick);
        requests.register("$SYS.REQ.SERVER." + server.id() + ".RELOAD", this::reload);
    }

    private Object kick(SystemRequest r) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.bodyText());
        } catch (JacksonException e) {
            return null; // nats-server logs the error and does not answer
        }
        if (body == null || body.isMissingNode() || !body.isObject()) {
            return null;
        }
        long cid = body.has("cid") ? body.get("cid").asLong() : 0;
        return control.kick(cid) ? done() : failed(500, "no such client or leafnode id");
    }

    private Object reload(SystemRequest r) {
        if (r.hasBody()) {
            try {
                RequestOptions.of(r);
            } catch (IllegalArgumentException e) {
                return failed(400, e.getMessage());
            }
        }
        try {
            control.reload();
            return done();
        } catch (RuntimeException e) {
            return failed(500, e.getMessage());
        }
    }

    private static Map<String, Object> done() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ServerEnvelope.KEY, ServerEnvelope.PLACEHOLDER);
        return m;
    }

    private static Map<String, Object> failed(int code, String description) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("description", description);
        Map<String, Object> m = done();
        m.put("error", e);
        return m;
    }
}
