package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.snapshot.StreamRestore;
import io.natsspring.broker.internal.jetstream.snapshot.StreamSnapshot;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigRules;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.store.StreamState;
import java.io.IOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $JS.API.STREAM.SNAPSHOT.<stream>} and {@code $JS.API.STREAM.RESTORE.<stream>} as {@code nats-server}
 * answers them (checks in its order, the same error codes); the archive itself is this broker's own format (see
 * {@link io.natsspring.broker.internal.jetstream.snapshot.SnapshotFormat}).
 */
final class SnapshotApiHandlers {

    private static final int NAME_TOKEN = 4;
    private static final String CREATE_TYPE = ApiDispatcher.TYPE_PREFIX + "stream_create_response";

    private final StreamRegistry js;
    private final ApiDispatcher dispatcher;
    private final InternalPublisher publisher;
    private final SnapshotAdvisories advisories;

    private SnapshotApiHandlers(ApiDispatcher dispatcher, StreamRegistry js) {
        this.js = js;
        this.dispatcher = dispatcher;
        this.publisher = dispatcher.publisher();
        this.advisories = new SnapshotAdvisories(publisher, dispatcher.advisories());
    }

    static void register(ApiDispatcher d, StreamRegistry js) {
        SnapshotApiHandlers h = new SnapshotApiHandlers(d, js);
        d.register("$JS.API.STREAM.SNAPSHOT.*", "stream_snapshot", h::snapshot);
        d.register("$JS.API.STREAM.RESTORE.*", "stream_restore", h::restore, new RestoreResponse(""));
    }

    /** {@code JSApiStreamSnapshotRequest}. */
    record SnapshotRequest(
            @JsonProperty("deliver_subject") String deliverSubject,
            @JsonProperty("no_consumers") boolean noConsumers,

            @JsonProperty("chunk_size") @JsonDeserialize(using = GoScalars.Int.class)
            long chunkSize,

            @JsonProperty("window_size") @JsonDeserialize(using = GoScalars.Int.class)
            long windowSize,

            @JsonProperty("jsck") boolean checkMsgs) {
        static final String GO = "JSApiStreamSnapshotRequest";
    }

    /** {@code JSApiStreamRestoreRequest}: the config is bound after its name is filled in from the subject. */
    record RestoreRequest(
            @JsonProperty("config") StreamConfig config,
            @JsonProperty("state") JsonNode state) {
        static final String GO = "JSApiStreamRestoreRequest";
    }

    /** The snapshot answer: the stream's config and the state the archive is taken at. */
    private record SnapshotResponse(
            @JsonProperty("config") StreamConfig config,
            @JsonProperty("state") StreamInfoJson.State state) {}

    private record RestoreResponse(
            @JsonProperty("deliver_subject") String deliverSubject) {}

    private Object snapshot(ApiRequest r) {
        if (ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        Stream stream = js.lookup(r.token(NAME_TOKEN));
        SnapshotRequest req = ApiJson.read(r.body(), SnapshotRequest.class, SnapshotRequest.GO);
        if (req.deliverSubject() == null || !Subjects.isValidPublishSubject(req.deliverSubject())) {
            throw JsApiError.SNAPSHOT_DELIVER_SUBJECT_INVALID.exception();
        }
        StreamState state = stream.state();
        StreamInfoJson.Info info = StreamInfoJson.of(stream, null, false, null);
        long start = ApiTime.nowNanos();
        advisories.snapshotCreated(r, stream.name(), info.state());
        StreamSnapshot.start(
                stream,
                js.consumers(stream.name()),
                state,
                publisher,
                new StreamSnapshot.Request(
                        req.deliverSubject(), req.noConsumers(), clampInt(req.chunkSize()), clampInt(req.windowSize())),
                error -> advisories.snapshotCompleted(r, stream.name(), start, error));
        return new SnapshotResponse(info.config(), info.state());
    }

    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private Object restore(ApiRequest r) {
        if (ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        RestoreRequest req = ApiJson.read(r.body(), RestoreRequest.class, RestoreRequest.GO);
        String name = r.token(NAME_TOKEN);
        StreamConfig c = req.config();
        if (c == null || c.name() == null || c.name().isEmpty()) {
            ObjectNode configJson = c == null ? ApiJson.object() : ApiJson.tree(c);
            configJson.put("name", name);
            c = ApiJson.read(ApiJson.bytes(configJson), StreamConfig.class, "StreamConfig");
        }
        if (!name.equals(c.name())) {
            throw JsApiError.STREAM_MISMATCH.exception();
        }
        if (StreamConfigRules.hasPathSeparator(c.name())) {
            throw JsApiError.STREAM_NAME_CONTAINS_PATH_SEPARATORS.exception();
        }
        StreamConfig checked = js.checkRestore(AssetMetadata.withStreamLevel(c, StreamConfig.class));
        Outcome outcome = new Outcome(r, checked.name());
        advisories.restoreCreated(r, checked.name());
        try {
            return new RestoreResponse(StreamRestore.start(js, publisher, checked, dispatcher::execute, outcome));
        } catch (IOException e) {
            throw JsApiError.STREAM_RESTORE.exception(String.valueOf(e.getMessage()));
        }
    }

    /** Answers the end-of-archive message with the restored stream's info or the error. */
    private final class Outcome implements StreamRestore.Outcome {

        private final ApiRequest request;
        private final String stream;
        private final long start = ApiTime.nowNanos();
        private volatile long bytes;

        Outcome(ApiRequest request, String stream) {
            this.request = request;
            this.stream = stream;
        }

        @Override
        public void received(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void restored(String reply, Stream stream) {
            dispatcher.advisories().streamCreated(stream.name());
            advisories.restoreCompleted(request, this.stream, start, bytes);
            if (reply == null) {
                return;
            }
            StreamInfoJson.Info info = StreamInfoJson.of(stream, null, false, null);
            ObjectNode answer = ApiJson.object();
            answer.put("type", CREATE_TYPE);
            answer.setAll(AssetMetadata.withServerKeys(
                    new StreamInfoJson.Info(info.config(), info.created(), info.state(), null, null, null, info.ts())));
            publisher.publishNow(reply, null, ApiJson.bytes(answer));
        }

        @Override
        public void failed(String reply, ApiError error) {
            advisories.restoreCompleted(request, stream, start, bytes);
            if (reply == null) {
                return;
            }
            ObjectNode answer = ApiJson.object();
            answer.put("type", CREATE_TYPE);
            ApiJson.putError(answer, error);
            publisher.publishNow(reply, null, ApiJson.bytes(answer));
        }
    }
}
