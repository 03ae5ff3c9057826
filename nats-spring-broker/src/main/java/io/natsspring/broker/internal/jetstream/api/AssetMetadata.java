package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.base.ServerVersion;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The versioning metadata of ADR-44 as {@code nats-server} 2.11+ keeps it: {@code _nats.req.level} (the lowest API
 * level that understands the asset, from the features its config uses) is stored with a stream or consumer when
 * it is created or updated; {@code _nats.ver} (server version) and {@code _nats.level} (API level) are never stored
 * and only added to the config in answers. The features are read from the config's JSON, so fields added later
 * count as soon as they are serialized.
 */
final class AssetMetadata {

    static final String REQUIRED_LEVEL = "_nats.req.level";
    static final String SERVER_VERSION = "_nats.ver";
    static final String SERVER_LEVEL = "_nats.level";

    private AssetMetadata() {}

    /** {@code config} with {@code _nats.req.level} set for a stream and the dynamic keys removed. */
    static <T> T withStreamLevel(T config, Class<T> type) {
        ObjectNode tree = ApiJson.tree(config);
        return withLevel(tree, streamLevel(tree), type);
    }

    /** {@code config} with {@code _nats.req.level} set for a consumer and the dynamic keys removed. */
    static <T> T withConsumerLevel(T config, Class<T> type) {
        ObjectNode tree = ApiJson.tree(config);
        return withLevel(tree, consumerLevel(tree), type);
    }

    /** The API level a stream config needs: 1 for TTLs/markers, 2 for counters/atomic/schedules/async, 4 fast batch. */
    static int streamLevel(JsonNode c) {
        int level = 0;
        if (c.path("allow_msg_ttl").asBoolean(false)
                || c.path("subject_delete_marker_ttl").asLong(0) > 0) {
            level = 1;
        }
        if (c.path("allow_msg_counter").asBoolean(false)
                || c.path("allow_atomic").asBoolean(false)
                || c.path("allow_msg_schedules").asBoolean(false)
                || "async".equals(c.path("persist_mode").asString(""))) {
            level = 2;
        }
        if (c.path("allow_batched").asBoolean(false)) {
            level = 4;
        }
        return level;
    }

    /** The API level a consumer config needs: 1 for pause and priority groups, 4 for flow-control acks. */
    static int consumerLevel(JsonNode c) {
        int level = 0;
        String pause = c.path("pause_until").asString("");
        if (!pause.isEmpty() && !pause.startsWith("0001-01-01")) {
            level = 1;
        }
        String policy = c.path("priority_policy").asString("");
        if ((!policy.isEmpty() && !"none".equals(policy))
                || c.path("priority_timeout").asLong(0) != 0
                || !c.path("priority_groups").isEmpty()) {
            level = 1;
        }
        if ("flow_control".equals(c.path("ack_policy").asString(""))) {
            level = 4;
        }
        return level;
    }

    private static <T> T withLevel(ObjectNode tree, int level, Class<T> type) {
        ObjectNode md = tree.get("metadata") instanceof ObjectNode o ? o : tree.putObject("metadata");
        md.remove(SERVER_VERSION);
        md.remove(SERVER_LEVEL);
        md.put(REQUIRED_LEVEL, Integer.toString(level));
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : md.properties()) {
            sorted.put(e.getKey(), e.getValue().asString());
        }
        md.removeAll();
        sorted.forEach(md::put);
        return ApiJson.read(ApiJson.bytes(tree), type, type.getSimpleName());
    }

    /**
     * A single-asset answer (info, create, update) as JSON with {@code _nats.ver} and {@code _nats.level} added to
     * its {@code config.metadata}, keys in Go's map order; list answers carry only the stored keys.
     */
    static ObjectNode withServerKeys(Object answer) {
        ObjectNode tree = ApiJson.tree(answer);
        if (tree.get("config") instanceof ObjectNode config) {
            Map<String, String> md = new TreeMap<>();
            if (config.get("metadata") instanceof ObjectNode stored) {
                for (Map.Entry<String, JsonNode> e : stored.properties()) {
                    md.put(e.getKey(), e.getValue().asString());
                }
            }
            md.put(SERVER_VERSION, ServerVersion.NATS_SERVER);
            md.put(SERVER_LEVEL, Integer.toString(ApiLevel.LEVEL));
            ObjectNode out = ApiJson.object();
            md.forEach(out::put);
            config.set("metadata", out);
        }
        return tree;
    }
}
