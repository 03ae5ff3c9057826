package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@link StreamConfig} in the API's JSON shape (also the shape persisted next to a file
 * stream). Field order on output follows {@code nats-server}.
 */
public final class StreamConfigJson {

    private StreamConfigJson() {
    }

    /** Decodes a request body's config, without defaults applied (see {@link StreamConfigRules}). */
    public static StreamConfig decode(JsonNode o) {
        if (!o.isObject()) {
            throw JsApiError.INVALID_JSON.exception();
        }
        List<String> subjects = new ArrayList<>();
        JsonNode subs = o.get("subjects");
        if (subs != null && !subs.isNull()) {
            if (!subs.isArray()) {
                throw JsApiError.INVALID_JSON.exception();
            }
            for (JsonNode s : subs) {
                if (!s.isString()) {
                    throw JsApiError.INVALID_JSON.exception();
                }
                subjects.add(s.asString());
            }
        }
        Map<String, String> metadata = null;
        JsonNode md = o.get("metadata");
        if (md != null && !md.isNull()) {
            if (!md.isObject()) {
                throw JsApiError.INVALID_JSON.exception();
            }
            metadata = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : md.properties()) {
                if (!e.getValue().isString()) {
                    throw JsApiError.INVALID_JSON.exception();
                }
                metadata.put(e.getKey(), e.getValue().asString());
            }
            metadata = metadata.isEmpty() ? null : Map.copyOf(metadata);
        }
        JsonNode consumerLimits = o.get("consumer_limits");
        if (consumerLimits == null || consumerLimits.isNull()) {
            consumerLimits = ApiJson.object();
        } else if (!consumerLimits.isObject()) {
            throw JsApiError.INVALID_JSON.exception();
        } else {
            ObjectNode cl = ApiJson.object();
            long inactive = ApiJson.number(consumerLimits, "inactive_threshold", 0);
            long maxAckPending = ApiJson.number(consumerLimits, "max_ack_pending", 0);
            if (inactive != 0) {
                cl.put("inactive_threshold", inactive);
            }
            if (maxAckPending != 0) {
                cl.put("max_ack_pending", maxAckPending);
            }
            consumerLimits = cl;
        }
        String description = ApiJson.text(o, "description");
        String template = ApiJson.text(o, "template_owner");
        return new StreamConfig(
                nullToEmpty(ApiJson.text(o, "name")),
                description == null || description.isEmpty() ? null : description,
                List.copyOf(subjects),
                enumValue(o, "retention", RetentionPolicy.LIMITS, RetentionPolicy::of),
                ApiJson.number(o, "max_consumers", 0),
                ApiJson.number(o, "max_msgs", 0),
                ApiJson.number(o, "max_bytes", 0),
                ApiJson.number(o, "max_age", 0),
                ApiJson.number(o, "max_msgs_per_subject", 0),
                int32(ApiJson.number(o, "max_msg_size", 0)),
                enumValue(o, "discard", DiscardPolicy.OLD, DiscardPolicy::of),
                enumValue(o, "storage", null, StorageType::of),
                ApiJson.number(o, "num_replicas", 0),
                ApiJson.flag(o, "no_ack"),
                template == null || template.isEmpty() ? null : template,
                ApiJson.number(o, "duplicate_window", 0),
                raw(o, "placement"),
                raw(o, "mirror"),
                rawNonEmptyArray(o, "sources"),
                compression(o),
                ApiJson.unsigned(o, "first_seq"),
                raw(o, "subject_transform"),
                raw(o, "republish"),
                ApiJson.flag(o, "allow_direct"),
                ApiJson.flag(o, "mirror_direct"),
                ApiJson.flag(o, "discard_new_per_subject"),
                ApiJson.flag(o, "sealed"),
                ApiJson.flag(o, "deny_delete"),
                ApiJson.flag(o, "deny_purge"),
                ApiJson.flag(o, "allow_rollup_hdrs"),
                consumerLimits,
                metadata,
                ApiJson.flag(o, "allow_msg_ttl"),
                ApiJson.number(o, "subject_delete_marker_ttl", 0));
    }

    /** Encodes a (normalized) config. */
    public static ObjectNode encode(StreamConfig c) {
        ObjectNode o = ApiJson.object();
        o.put("name", c.name());
        if (c.description() != null) {
            o.put("description", c.description());
        }
        if (!c.subjects().isEmpty()) {
            var a = o.putArray("subjects");
            c.subjects().forEach(a::add);
        }
        o.put("retention", c.retention().json());
        o.put("max_consumers", c.maxConsumers());
        o.put("max_msgs", c.maxMsgs());
        o.put("max_bytes", c.maxBytes());
        o.put("max_age", c.maxAgeNanos());
        o.put("max_msgs_per_subject", c.maxMsgsPerSubject());
        if (c.maxMsgSize() != 0) {
            o.put("max_msg_size", c.maxMsgSize());
        }
        o.put("discard", c.discard().json());
        o.put("storage", c.storage() == null ? StorageType.FILE.json() : c.storage().json());
        o.put("num_replicas", c.replicas());
        if (c.noAck()) {
            o.put("no_ack", true);
        }
        if (c.templateOwner() != null) {
            o.put("template_owner", c.templateOwner());
        }
        if (c.duplicateWindowNanos() != 0) {
            o.put("duplicate_window", c.duplicateWindowNanos());
        }
        putRaw(o, "placement", c.placement());
        putRaw(o, "mirror", c.mirror());
        putRaw(o, "sources", c.sources());
        o.put("compression", c.compression());
        if (c.firstSeq() != 0) {
            o.put("first_seq", c.firstSeq());
        }
        putRaw(o, "subject_transform", c.subjectTransform());
        putRaw(o, "republish", c.republish());
        o.put("allow_direct", c.allowDirect());
        o.put("mirror_direct", c.mirrorDirect());
        if (c.discardNewPerSubject()) {
            o.put("discard_new_per_subject", true);
        }
        o.put("sealed", c.sealed());
        o.put("deny_delete", c.denyDelete());
        o.put("deny_purge", c.denyPurge());
        o.put("allow_rollup_hdrs", c.allowRollup());
        o.set("consumer_limits", c.consumerLimits() == null ? ApiJson.object() : c.consumerLimits().deepCopy());
        if (c.metadata() != null && !c.metadata().isEmpty()) {
            ObjectNode md = o.putObject("metadata");
            new TreeMap<>(c.metadata()).forEach(md::put);
        }
        if (c.allowMsgTtl()) {
            o.put("allow_msg_ttl", true);
        }
        if (c.subjectDeleteMarkerTtlNanos() != 0) {
            o.put("subject_delete_marker_ttl", c.subjectDeleteMarkerTtlNanos());
        }
        return o;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static long int32(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw JsApiError.INVALID_JSON.exception();
        }
        return v;
    }

    private static String compression(JsonNode o) {
        String c = ApiJson.text(o, "compression");
        if (c == null || c.isEmpty() || c.equals("none")) {
            return "none";
        }
        if (c.equals("s2")) {
            return "s2";
        }
        throw JsApiError.INVALID_JSON.exception();
    }

    private static <E> E enumValue(JsonNode o, String field, E dflt, java.util.function.Function<String, E> of) {
        String s = ApiJson.text(o, field);
        if (s == null) {
            return dflt;
        }
        E e = of.apply(s);
        if (e == null) {
            throw JsApiError.INVALID_JSON.exception();
        }
        return e;
    }

    private static JsonNode raw(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.deepCopy();
    }

    private static JsonNode rawNonEmptyArray(JsonNode o, String field) {
        JsonNode n = raw(o, field);
        return n != null && n.isArray() && n.isEmpty() ? null : n;
    }

    private static void putRaw(ObjectNode o, String field, JsonNode value) {
        if (value != null) {
            o.set(field, value.deepCopy());
        }
    }
}
