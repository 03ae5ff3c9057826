package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One waiting {@code MSG.NEXT} request (ADR-13): where to deliver, how many messages and bytes are still wanted,
 * whether to stop at the end of the stream ({@code no_wait}), when it expires and how often to send idle
 * heartbeats. Times are {@link System#nanoTime()} values, {@code 0} for none. Consumer thread only.
 */
final class PullRequest {

    final String reply;
    final boolean noWait;
    final long expiresAt;
    final long heartbeatNanos;
    /** The ADR-42 fields ({@code group}, {@code min_pending}, …), {@code null} for a request without JSON body. */
    final Priority priority;

    int batch;
    long maxBytes;
    long nextHeartbeat;
    int delivered;

    PullRequest(String reply, int batch, long maxBytes, boolean noWait, long expiresAt, long heartbeatNanos, long now) {
        this(reply, batch, maxBytes, noWait, expiresAt, heartbeatNanos, now, null);
    }

    PullRequest(
            String reply,
            int batch,
            long maxBytes,
            boolean noWait,
            long expiresAt,
            long heartbeatNanos,
            long now,
            Priority priority) {
        this.reply = reply;
        this.priority = priority;
        this.batch = batch;
        this.maxBytes = maxBytes;
        this.noWait = noWait;
        this.expiresAt = expiresAt;
        this.heartbeatNanos = heartbeatNanos;
        this.nextHeartbeat = heartbeatNanos > 0 ? now + heartbeatNanos : 0;
    }

    /**
     * A request's priority group fields (nats-server's embedded {@code PriorityGroup}); {@code pinId} is set by the
     * server when it pins this request's client.
     */
    static final class Priority {
        final String group;
        final long minPending;
        final long minAckPending;
        final int level;
        String pinId;

        Priority(String group, long minPending, long minAckPending, String pinId, int level) {
            this.group = group;
            this.minPending = minPending;
            this.minAckPending = minAckPending;
            this.pinId = pinId;
            this.level = level;
        }
    }

    /** The {@code priority} of this request for the {@code prioritized} policy (lowest first; none is last). */
    int level() {
        return priority == null ? Integer.MAX_VALUE : priority.level;
    }

    /** The pin id the request carries, or {@code null}. */
    String pinId() {
        return priority == null || priority.pinId == null || priority.pinId.isEmpty() ? null : priority.pinId;
    }

    /** Thrown for a request the server answers with {@code 400 Bad Request - …}. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a request body: empty (one message), a bare number (that batch) or the JSON form with {@code batch},
     * {@code expires}, {@code no_wait}, {@code max_bytes} and {@code idle_heartbeat}.
     */
    static PullRequest parse(String reply, byte[] body, long now) {
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return new PullRequest(reply, 1, 0, false, 0, 0, now);
        }
        if (text.charAt(0) != '{') {
            try {
                return new PullRequest(reply, Integer.parseInt(text), 0, false, 0, 0, now);
            } catch (NumberFormatException e) {
                return new PullRequest(reply, 1, 0, false, 0, 0, now);
            }
        }
        ObjectNode o;
        try {
            o = ApiJson.parseObject(text);
        } catch (RuntimeException e) {
            throw new BadRequest("invalid character in request");
        }
        long expires;
        long batch;
        long maxBytes;
        boolean noWait;
        long hb;
        try {
            expires = ApiJson.number(o, "expires", 0);
            batch = ApiJson.number(o, "batch", 0);
            maxBytes = ApiJson.number(o, "max_bytes", 0);
            noWait = ApiJson.flag(o, "no_wait");
            hb = ApiJson.number(o, "idle_heartbeat", 0);
        } catch (RuntimeException e) {
            throw new BadRequest("json: cannot unmarshal request");
        }
        Priority priority = new Priority(
                text(o, "group"),
                integer(o, "min_pending", "int64"),
                integer(o, "min_ack_pending", "int64"),
                text(o, "id"),
                (int) Math.max(-1000, Math.min(1000, integer(o, "priority", "int"))));
        if (hb > 0 && hb * 2 > expires) {
            throw new BadRequest("heartbeat value too large");
        }
        return new PullRequest(
                reply,
                (int) Math.min(Integer.MAX_VALUE, Math.max(batch, 1)),
                Math.max(0, maxBytes),
                noWait,
                // as nats-server: a negative expires is a deadline already past, not "never" (issue 19)
                expires != 0 ? deadline(now, expires) : 0,
                Math.max(0, hb),
                now,
                priority);
    }

    /** A string field of the embedded {@code PriorityGroup}, with Go's type error; {@code ""} when absent. */
    private static String text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isString()) {
            throw typeError(n, field, "string");
        }
        return n.asString();
    }

    /** An integer field of the embedded {@code PriorityGroup}, with Go's type error; {@code 0} when absent. */
    private static long integer(ObjectNode o, String field, String goType) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw typeError(n, field, goType);
        }
        return n.longValue();
    }

    private static BadRequest typeError(JsonNode n, String field, String goType) {
        String kind = n.isNumber()
                ? (goType.equals("string") ? "number" : "number " + n.toString())
                : n.isString() ? "string" : n.isBoolean() ? "bool" : n.isArray() ? "array" : "object";
        return new BadRequest(
                "json: cannot unmarshal " + kind + " into Go struct field ." + field + " of type " + goType);
    }

    /** {@code now + expires}, never the "no deadline" value 0. */
    private static long deadline(long now, long expires) {
        long at = now + expires;
        return at == 0 ? 1 : at;
    }

    boolean expired(long now) {
        return expiresAt != 0 && now - expiresAt >= 0;
    }
}
