package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes and encodes the JSON of the first JetStream requests a client sends ({@code $JS.API.INFO}, a stream
 * create, a stream info) once, off the hot path, with made-up values and no stream: Jackson builds and caches the
 * (de)serialisers of these types, so the first real requests do not wait for that (see {@code launcher.JsonWarmUp}).
 * Touches no stream, counter or subscription: nothing a client can see.
 */
public final class ApiJsonWarmUp {

    private static final String STREAM_CONFIG = "{\"name\":\"WARM_UP\",\"subjects\":[\"warm.up.>\"],"
            + "\"retention\":\"limits\",\"max_consumers\":-1,\"max_msgs\":-1,\"max_bytes\":-1,\"max_age\":0,"
            + "\"max_msgs_per_subject\":-1,\"max_msg_size\":-1,\"discard\":\"old\",\"storage\":\"file\","
            + "\"num_replicas\":1,\"duplicate_window\":120000000000,\"allow_direct\":false,\"mirror_direct\":false,"
            + "\"sealed\":false,\"deny_delete\":false,\"deny_purge\":false,\"allow_rollup_hdrs\":false}";

    private ApiJsonWarmUp() {}

    /** Runs the requests' decoding and the answers' encoding once. */
    public static void run() {
        StreamConfig config = ApiJson.read(
                STREAM_CONFIG.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                StreamConfig.class,
                StreamApiHandlers.CONFIG_REQUEST);
        StreamInfoJson.Info info = new StreamInfoJson.Info(
                config,
                0,
                new StreamInfoJson.State(0, 0, 0, 0, 0, 0, 0, null, 0, null, 0),
                new StreamInfoJson.Cluster("warm-up"),
                null,
                List.of(),
                0,
                null);
        ObjectNode created = AssetMetadata.withServerKeys(new StreamInfoJson.CreateResponse(info, true));
        created.put("type", "io.nats.jetstream.api.v1.stream_create_response");
        ApiJson.bytes(created);
        ApiJson.bytes(AssetMetadata.withServerKeys(new StreamInfoJson.InfoResponse(0, 0, 0, info)));
        ObjectNode account = ApiJson.tree(new AccountApiHandler.AccountInfo(
                0,
                0,
                0,
                0,
                0,
                0,
                new AccountApiHandler.Limits(-1, -1, -1, -1, -1, -1, -1, false),
                null,
                new AccountApiHandler.Api(ApiLevel.LEVEL, 0, 0)));
        ApiJson.bytes(account);
        ApiJson.read(new byte[0], ApiRequests.StreamInfo.class, ApiRequests.StreamInfo.GO);
        ApiJson.tree(Map.of("warm", "up"));
    }
}
