package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.store.StoredMessage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Counter streams (ADR-49, {@code allow_msg_counter}): a message carries {@code Nats-Incr: <integer>} and no body;
 * the stream stores {@code {"val":"<total>"}} (arbitrary precision) and answers the total in the PubAck. A sourced
 * counter message brings its origin's total: the increment stored is the difference to the last total seen from
 * that origin subject, and the totals per origin are kept in {@code Nats-Counter-Sources} (as {@code nats-server}).
 */
final class MessageCounter {

    static final String INCR = "Nats-Incr";
    static final String SOURCES = "Nats-Counter-Sources";
    static final String STREAM_SOURCE = "Nats-Stream-Source";

    /** A message rewritten by the counter: new headers, the {@code {"val":…}} body and the total. */
    record Applied(byte[] headers, byte[] payload, String total) {}

    private MessageCounter() {}

    /**
     * Parses an increment as Go's {@code big.Int.SetString(s, 10)}: optional sign, ASCII digits only. Returns
     * {@code null} when invalid.
     */
    static BigInteger parse(String text) {
        int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return null;
            }
        }
        return new BigInteger(text.charAt(0) == '+' ? text.substring(1) : text);
    }

    /**
     * Applies {@code incr} on top of {@code last} (the subject's last stored message, or {@code null}); for a sourced
     * message ({@code Nats-Stream-Source} present) the increment is derived from the origin's total in the body.
     *
     * @throws CounterException with {@link JsApiError#MESSAGE_COUNTER_BROKEN} for an unreadable stored total
     */
    static Applied apply(StoredMessage last, String subject, byte[] hdr, byte[] payload, BigInteger incr) {
        BigInteger total = BigInteger.ZERO;
        Map<String, Map<String, String>> sources = null;
        if (last != null) {
            String val = value(last.payload());
            if (val == null) {
                throw new CounterException();
            }
            total = parseOrZero(val);
            String stored = NatsHeaders.get(last.headers(), SOURCES);
            if (stored != null && !stored.isEmpty()) {
                sources = parseSources(stored);
            }
        }
        String source = NatsHeaders.get(hdr, STREAM_SOURCE);
        if (source != null && !source.isEmpty()) {
            String[] fields = source.split(" ");
            String origin = fields[0];
            String originSubject = fields.length >= 5 ? fields[4] : subject;
            String sourcedVal = value(payload);
            if (sourcedVal == null) {
                throw new CounterException();
            }
            BigInteger sourced = parseOrZero(sourcedVal);
            if (sources == null) {
                sources = new TreeMap<>();
            }
            Map<String, String> perSubject = sources.computeIfAbsent(origin, k -> new TreeMap<>());
            String previous = perSubject.put(originSubject, sourced.toString());
            incr = sourced.subtract(previous == null ? BigInteger.ZERO : parseOrZero(previous));
            hdr = HeaderEdits.set(hdr, INCR, incr.toString());
        }
        total = total.add(incr);
        String text = total.toString();
        byte[] body = ("{\"val\":\"" + text + "\"}").getBytes(StandardCharsets.US_ASCII);
        if (sources != null && !sources.isEmpty()) {
            ObjectNode o = ApiJson.object();
            for (Map.Entry<String, Map<String, String>> e : sources.entrySet()) {
                ObjectNode inner = o.putObject(e.getKey());
                e.getValue().forEach(inner::put);
            }
            hdr = HeaderEdits.set(hdr, SOURCES, ApiJson.string(o));
        }
        return new Applied(hdr, body, text);
    }

    /** The {@code val} of a counter body, or {@code null} when the body is not such an object. */
    static String value(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode n = ApiJson.parseObject(body);
            JsonNode v = n.get("val");
            if (v == null || v.isNull()) {
                return "";
            }
            return v.isString() ? v.asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static BigInteger parseOrZero(String text) {
        BigInteger v = text.isEmpty() ? null : parse(text);
        return v == null ? BigInteger.ZERO : v;
    }

    private static Map<String, Map<String, String>> parseSources(String json) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try {
            JsonNode n = ApiJson.parseObject(json);
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                Map<String, String> inner = new TreeMap<>();
                for (Map.Entry<String, JsonNode> s : e.getValue().properties()) {
                    inner.put(s.getKey(), s.getValue().asString());
                }
                out.put(e.getKey(), inner);
            }
        } catch (RuntimeException e) {
            throw new CounterException();
        }
        return out;
    }

    /** A stored total that cannot be read: {@code message counter is broken}. */
    static final class CounterException extends RuntimeException {
        CounterException() {
            super(JsApiError.MESSAGE_COUNTER_BROKEN.error().description(), null, false, false);
        }
    }
}
