package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import java.nio.charset.StandardCharsets;
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
    int batch;
    long maxBytes;
    long nextHeartbeat;
    int delivered;

    PullRequest(String reply, int batch, long maxBytes, boolean noWait, long expiresAt, long heartbeatNanos, long now) {
        this.reply = reply;
        this.batch = batch;
        this.maxBytes = maxBytes;
        this.noWait = noWait;
        this.expiresAt = expiresAt;
        this.heartbeatNanos = heartbeatNanos;
        this.nextHeartbeat = heartbeatNanos > 0 ? now + heartbeatNanos : 0;
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
                now);
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
