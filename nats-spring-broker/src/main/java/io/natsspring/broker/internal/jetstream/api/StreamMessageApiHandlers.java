package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;

import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.store.StoredMessage;
import tools.jackson.databind.node.ObjectNode;

/** Message-level stream requests: {@code STREAM.PURGE}, {@code STREAM.MSG.GET}, {@code STREAM.MSG.DELETE}. */
final class StreamMessageApiHandlers {

    private final StreamRegistry js;

    private StreamMessageApiHandlers(StreamRegistry js) {
        this.js = js;
    }

    public static void register(ApiDispatcher d, StreamRegistry js) {
        StreamMessageApiHandlers h = new StreamMessageApiHandlers(js);
        d.register("$JS.API.STREAM.PURGE.*", "stream_purge", h::purge);
        d.register("$JS.API.STREAM.MSG.GET.*", "stream_msg_get", h::get);
        d.register("$JS.API.STREAM.MSG.DELETE.*", "stream_msg_delete", h::delete);
    }

    private ObjectNode purge(ApiRequest r) {
        String filter = null;
        long seq = 0;
        long keep = 0;
        if (!ApiJson.isEmptyRequest(r.body())) {
            ObjectNode req = ApiJson.parseObject(r.body());
            seq = ApiJson.unsigned(req, "seq");
            filter = ApiJson.text(req, "filter");
            keep = ApiJson.unsigned(req, "keep");
            if (seq > 0 && keep > 0) {
                throw JsApiError.BAD_REQUEST.exception();
            }
        }
        Stream s = js.lookup(r.token(4));
        StreamConfig c = s.config();
        if (c.sealed()) {
            throw JsApiError.STREAM_SEALED.exception();
        }
        if (c.denyPurge()) {
            throw JsApiError.STREAM_PURGE_FAILED.exception("stream purge not permitted");
        }
        long purged = s.purge(filter, seq, keep);
        ObjectNode o = ApiJson.object();
        o.put("success", true);
        o.put("purged", purged);
        return o;
    }

    private ObjectNode get(ApiRequest r) {
        if (ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        MessageLookup lookup = MessageLookup.parse(r.body());
        Stream s = js.lookup(r.token(5));
        StoredMessage m = lookup.find(s.store());
        if (m == null) {
            throw JsApiError.NO_MESSAGE_FOUND.exception();
        }
        ObjectNode o = ApiJson.object();
        ObjectNode msg = o.putObject("message");
        msg.put("subject", m.subject());
        msg.put("seq", m.seq());
        if (m.headers() != null && m.headers().length > 0) {
            msg.put("hdrs", ApiJson.base64(m.headers()));
        }
        if (m.payload().length > 0) {
            msg.put("data", ApiJson.base64(m.payload()));
        }
        msg.put("time", ApiTime.format(m.timestampNanos()));
        return o;
    }

    private ObjectNode delete(ApiRequest r) {
        if (ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.BAD_REQUEST.exception();
        }
        ObjectNode req = ApiJson.parseObject(r.body());
        long seq = ApiJson.unsigned(req, "seq");
        boolean noErase = ApiJson.flag(req, "no_erase");
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
        ObjectNode o = ApiJson.object();
        o.put("success", true);
        return o;
    }
}
