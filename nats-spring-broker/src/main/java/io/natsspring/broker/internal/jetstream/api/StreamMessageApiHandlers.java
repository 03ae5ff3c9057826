package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.store.StoredMessage;
import tools.jackson.databind.annotation.JsonSerialize;

/** Message-level stream requests: {@code STREAM.PURGE}, {@code STREAM.MSG.GET}, {@code STREAM.MSG.DELETE}. */
final class StreamMessageApiHandlers {

    private final StreamRegistry js;

    private StreamMessageApiHandlers(StreamRegistry js) {
        this.js = js;
    }

    public static void register(ApiDispatcher d, StreamRegistry js) {
        StreamMessageApiHandlers h = new StreamMessageApiHandlers(js);
        d.register("$JS.API.STREAM.PURGE.*", "stream_purge", h::purge, new ApiResponses.Purged(false, 0));
        d.register("$JS.API.STREAM.MSG.GET.*", "stream_msg_get", h::get);
        d.register("$JS.API.STREAM.MSG.DELETE.*", "stream_msg_delete", h::delete);
    }

    private Object purge(ApiRequest r) {
        ApiRequests.Purge req = ApiJson.read(r.body(), ApiRequests.Purge.class, ApiRequests.Purge.GO);
        String filter = req.filter();
        long seq = req.seq();
        long keep = req.keep();
        if (seq > 0 && keep > 0) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        Stream s = js.lookup(r.token(4));
        StreamConfig c = s.config();
        if (c.sealed()) {
            throw JsApiError.STREAM_SEALED.exception();
        }
        if (c.denyPurge()) {
            throw JsApiError.STREAM_PURGE_FAILED.exception("stream purge not permitted");
        }
        return new ApiResponses.Purged(true, s.purge(filter, seq, keep));
    }

    private Object get(ApiRequest r) {
        if (ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        MessageLookup lookup = MessageLookup.parse(r.body());
        Stream s = js.lookup(r.token(5));
        StoredMessage m = lookup.find(s.store());
        if (m == null) {
            throw JsApiError.NO_MESSAGE_FOUND.exception();
        }
        return new MsgGetResponse(new StoredMsg(
                m.subject(),
                m.seq(),
                m.headers() == null || m.headers().length == 0 ? null : m.headers(),
                m.payload().length == 0 ? null : m.payload(),
                m.timestampNanos()));
    }

    private Object delete(ApiRequest r) {
        if (ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        ApiRequests.MsgDelete req = ApiJson.read(r.body(), ApiRequests.MsgDelete.class, ApiRequests.MsgDelete.GO);
        long seq = req.seq();
        boolean noErase = req.noErase();
        Stream s = js.lookup(r.token(5));
        StreamConfig c = s.config();
        if (c.sealed()) {
            throw JsApiError.STREAM_SEALED.exception();
        }
        if (c.denyDelete()) {
            throw JsApiError.STREAM_MSG_DELETE_FAILED.exception("message delete not permitted");
        }
        if (!s.deleteMessage(seq, !noErase)) {
            throw JsApiError.SEQUENCE_NOT_FOUND.exception(seq);
        }
        return ApiResponses.SUCCESS;
    }

    /** {@code STREAM.MSG.GET}'s answer. */
    private record MsgGetResponse(@JsonProperty("message") StoredMsg message) {}

    /** {@code StoredMsg}: headers and data in base64, left out when empty. */
    private record StoredMsg(
            @JsonProperty("subject") String subject,
            @JsonProperty("seq") long seq,

            @JsonProperty("hdrs") @JsonInclude(JsonInclude.Include.NON_NULL)
            byte[] hdrs,

            @JsonProperty("data") @JsonInclude(JsonInclude.Include.NON_NULL)
            byte[] data,

            @JsonProperty("time") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long time) {}
}
