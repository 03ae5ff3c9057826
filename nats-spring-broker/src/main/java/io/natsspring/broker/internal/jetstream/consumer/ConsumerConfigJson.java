package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads and writes {@link ConsumerConfig} in the API's JSON shape (also persisted next to a durable consumer).
 * Output follows {@code nats-server}'s field order and omits what it omits.
 */
public final class ConsumerConfigJson {

    private ConsumerConfigJson() {
    }

    /** Decodes a config object as sent, without defaults (see {@link ConsumerConfigRules}). */
    public static ConsumerConfig decode(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw JsApiError.INVALID_JSON.exception();
        }
        String startTime = ApiJson.text(o, "opt_start_time");
        return new ConsumerConfig(
                emptyToNull(ApiJson.text(o, "durable_name")),
                emptyToNull(ApiJson.text(o, "name")),
                emptyToNull(ApiJson.text(o, "description")),
                policy(o, "deliver_policy", DeliverPolicy.ALL, DeliverPolicy::of),
                ApiJson.unsigned(o, "opt_start_seq"),
                startTime == null ? 0 : ApiTime.parse(startTime),
                policy(o, "ack_policy", AckPolicy.NONE, AckPolicy::of),
                ApiJson.number(o, "ack_wait", 0),
                ApiJson.number(o, "max_deliver", 0),
                numbers(o.get("backoff")),
                emptyToNull(ApiJson.text(o, "filter_subject")),
                strings(o.get("filter_subjects")),
                policy(o, "replay_policy", ReplayPolicy.INSTANT, ReplayPolicy::of),
                ApiJson.unsigned(o, "rate_limit_bps"),
                emptyToNull(ApiJson.text(o, "sample_freq")),
                ApiJson.number(o, "max_waiting", 0),
                ApiJson.number(o, "max_ack_pending", 0),
                ApiJson.number(o, "idle_heartbeat", 0),
                ApiJson.flag(o, "flow_control"),
                ApiJson.flag(o, "headers_only"),
                ApiJson.number(o, "max_batch", 0),
                ApiJson.number(o, "max_expires", 0),
                ApiJson.number(o, "max_bytes", 0),
                emptyToNull(ApiJson.text(o, "deliver_subject")),
                emptyToNull(ApiJson.text(o, "deliver_group")),
                ApiJson.number(o, "inactive_threshold", 0),
                ApiJson.number(o, "num_replicas", 0),
                ApiJson.flag(o, "mem_storage"),
                ApiJson.flag(o, "direct"),
                metadata(o.get("metadata")));
    }

    /** Encodes a config as {@code nats-server} writes it. */
    public static ObjectNode encode(ConsumerConfig c) {
        ObjectNode o = ApiJson.object();
        putText(o, "durable_name", c.durable());
        putText(o, "name", c.name());
        putText(o, "description", c.description());
        o.put("deliver_policy", c.deliverPolicy().json());
        putPositive(o, "opt_start_seq", c.optStartSeq());
        if (c.optStartTimeNanos() != 0) {
            o.put("opt_start_time", ApiTime.format(c.optStartTimeNanos()));
        }
        o.put("ack_policy", c.ackPolicy().json());
        putNonZero(o, "ack_wait", c.ackWaitNanos());
        putNonZero(o, "max_deliver", c.maxDeliver());
        if (!c.backoffNanos().isEmpty()) {
            ArrayNode a = o.putArray("backoff");
            c.backoffNanos().forEach(a::add);
        }
        putText(o, "filter_subject", c.filterSubject());
        if (!c.filterSubjects().isEmpty()) {
            ArrayNode a = o.putArray("filter_subjects");
            c.filterSubjects().forEach(a::add);
        }
        o.put("replay_policy", c.replayPolicy().json());
        putNonZero(o, "rate_limit_bps", c.rateLimitBps());
        putText(o, "sample_freq", c.sampleFrequency());
        putNonZero(o, "max_waiting", c.maxWaiting());
        putNonZero(o, "max_ack_pending", c.maxAckPending());
        putNonZero(o, "idle_heartbeat", c.idleHeartbeatNanos());
        if (c.flowControl()) {
            o.put("flow_control", true);
        }
        if (c.headersOnly()) {
            o.put("headers_only", true);
        }
        putNonZero(o, "max_batch", c.maxBatch());
        putNonZero(o, "max_expires", c.maxExpiresNanos());
        putNonZero(o, "max_bytes", c.maxBytes());
        putText(o, "deliver_subject", c.deliverSubject());
        putText(o, "deliver_group", c.deliverGroup());
        putNonZero(o, "inactive_threshold", c.inactiveThresholdNanos());
        o.put("num_replicas", c.replicas());
        if (c.memStorage()) {
            o.put("mem_storage", true);
        }
        if (c.direct()) {
            o.put("direct", true);
        }
        if (c.metadata() != null) {
            ObjectNode m = o.putObject("metadata");
            new TreeMap<>(c.metadata()).forEach(m::put);
        }
        return o;
    }

    private static <T> T policy(JsonNode o, String field, T dflt, Function<String, T> parse) {
        String text = ApiJson.text(o, field);
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        T v = parse.apply(text);
        if (v == null) {
            throw JsApiError.INVALID_JSON.exception();
        }
        return v;
    }

    private static List<Long> numbers(JsonNode a) {
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw JsApiError.INVALID_JSON.exception();
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isIntegralNumber()) {
                throw JsApiError.INVALID_JSON.exception();
            }
            out.add(n.longValue());
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode a) {
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw JsApiError.INVALID_JSON.exception();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) {
            if (!n.isString()) {
                throw JsApiError.INVALID_JSON.exception();
            }
            out.add(n.asString());
        }
        return List.copyOf(out);
    }

    private static Map<String, String> metadata(JsonNode md) {
        if (md == null || md.isNull()) {
            return null;
        }
        if (!md.isObject()) {
            throw JsApiError.INVALID_JSON.exception();
        }
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : md.properties()) {
            if (!e.getValue().isString()) {
                throw JsApiError.INVALID_JSON.exception();
            }
            m.put(e.getKey(), e.getValue().asString());
        }
        return m.isEmpty() ? null : Map.copyOf(m);
    }

    private static void putText(ObjectNode o, String field, String v) {
        if (v != null && !v.isEmpty()) {
            o.put(field, v);
        }
    }

    private static void putNonZero(ObjectNode o, String field, long v) {
        if (v != 0) {
            o.put(field, v);
        }
    }

    private static void putPositive(ObjectNode o, String field, long v) {
        if (v > 0) {
            o.put(field, v);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
