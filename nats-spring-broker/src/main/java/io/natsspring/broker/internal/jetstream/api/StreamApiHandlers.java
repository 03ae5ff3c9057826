package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;

import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigJson;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigRules;
import io.natsspring.broker.internal.routing.Subjects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Stream administration: {@code STREAM.CREATE/UPDATE/INFO/NAMES/LIST/DELETE}. Checks happen in the order
 * {@code nats-server} applies them so the same mistakes give the same errors.
 */
final class StreamApiHandlers {

    /** Most names per {@code STREAM.NAMES} page. */
    public static final int NAMES_LIMIT = 1024;
    /** Most infos per {@code STREAM.LIST} page. */
    public static final int LIST_LIMIT = 256;
    private static final int NAME_TOKEN = 4;

    private final StreamRegistry js;
    private final String serverName;

    private StreamApiHandlers(StreamRegistry js, String serverName) {
        this.js = js;
        this.serverName = serverName;
    }

    public static void register(ApiDispatcher d, StreamRegistry js, String serverName) {
        StreamApiHandlers h = new StreamApiHandlers(js, serverName);
        d.register("$JS.API.STREAM.CREATE.*", "stream_create", h::create);
        d.register("$JS.API.STREAM.UPDATE.*", "stream_update", h::update);
        d.register("$JS.API.STREAM.INFO.*", "stream_info", h::info);
        d.register("$JS.API.STREAM.NAMES", "stream_names", h::names);
        d.register("$JS.API.STREAM.LIST", "stream_list", h::list);
        d.register("$JS.API.STREAM.DELETE.*", "stream_delete", h::delete);
    }

    private StreamConfig requestedConfig(ApiRequest r) {
        if (r.body().length == 0) {
            throw JsApiError.INVALID_JSON.exception();
        }
        StreamConfig c = StreamConfigJson.decode(ApiJson.parseObject(r.body()));
        if (!r.token(NAME_TOKEN).equals(c.name())) {
            throw JsApiError.STREAM_MISMATCH.exception();
        }
        if (StreamConfigRules.hasPathSeparator(c.name())) {
            throw JsApiError.STREAM_NAME_CONTAINS_PATH_SEPARATORS.exception();
        }
        return c;
    }

    private ObjectNode create(ApiRequest r) {
        StreamConfig c = requestedConfig(r);
        if (c.sealed()) {
            throw JsApiError.STREAM_INVALID_CONFIG.exception("stream configuration for create can not be sealed");
        }
        if (c.mirrorDirect() && c.mirror() == null) {
            throw JsApiError.STREAM_INVALID_CONFIG.exception("stream has no mirror but does have mirror direct");
        }
        StreamRegistry.CreateResult result = js.create(c);
        ObjectNode o = StreamInfoJson.encode(result.stream(), serverName, false);
        if (result.created()) {
            o.put("did_create", true);
        }
        return o;
    }

    private ObjectNode update(ApiRequest r) {
        StreamConfig c = requestedConfig(r);
        Stream s = js.update(c);
        return StreamInfoJson.encode(s, serverName, false);
    }

    private ObjectNode info(ApiRequest r) {
        boolean deleted = false;
        String subjects = null;
        int offset = 0;
        if (!ApiJson.isEmptyRequest(r.body())) {
            ObjectNode req = ApiJson.parseObject(r.body());
            deleted = ApiJson.flag(req, "deleted_details");
            subjects = ApiJson.text(req, "subjects_filter");
            offset = (int) Math.max(0, ApiJson.number(req, "offset", 0));
        }
        Stream s = js.lookup(r.token(NAME_TOKEN));
        ObjectNode o = ApiJson.object();
        o.put("total", 0);
        o.put("offset", 0);
        o.put("limit", 0);
        o.setAll(StreamInfoJson.encode(s, serverName, deleted));
        if (subjects != null && !subjects.isEmpty()) {
            StreamInfoJson.addSubjects(o, s, subjects, offset);
        }
        return o;
    }

    private List<Stream> filtered(ApiRequest r, int[] offsetOut) {
        int offset = 0;
        String filter = null;
        if (!ApiJson.isEmptyRequest(r.body())) {
            ObjectNode req = ApiJson.parseObject(r.body());
            offset = (int) Math.max(0, ApiJson.number(req, "offset", 0));
            filter = ApiJson.text(req, "subject");
        }
        List<Stream> out = new ArrayList<>();
        for (Stream s : js.streams()) {
            if (filter == null || filter.isEmpty() || matchesFilter(s, filter)) {
                out.add(s);
            }
        }
        offsetOut[0] = Math.min(offset, out.size());
        return out;
    }

    private static boolean matchesFilter(Stream s, String filter) {
        if (!Subjects.isValidSubscribeSubject(filter)) {
            return false;
        }
        for (String subject : s.config().subjects()) {
            if (Subjects.overlaps(filter, subject)) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode names(ApiRequest r) {
        int[] offset = new int[1];
        List<Stream> all = filtered(r, offset);
        ObjectNode o = ApiJson.object();
        o.put("total", all.size());
        o.put("offset", offset[0]);
        o.put("limit", NAMES_LIMIT);
        List<Stream> page = all.subList(offset[0], Math.min(all.size(), offset[0] + NAMES_LIMIT));
        if (page.isEmpty()) {
            o.putNull("streams");
        } else {
            ArrayNode a = o.putArray("streams");
            page.forEach(s -> a.add(s.name()));
        }
        return o;
    }

    private ObjectNode list(ApiRequest r) {
        int[] offset = new int[1];
        List<Stream> all = filtered(r, offset);
        ObjectNode o = ApiJson.object();
        o.put("total", all.size());
        o.put("offset", offset[0]);
        o.put("limit", LIST_LIMIT);
        ArrayNode a = o.putArray("streams");
        for (Stream s : all.subList(offset[0], Math.min(all.size(), offset[0] + LIST_LIMIT))) {
            a.add(StreamInfoJson.encode(s, null, false));
        }
        return o;
    }

    private ObjectNode delete(ApiRequest r) {
        if (!ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.NOT_EMPTY_REQUEST.exception();
        }
        js.delete(r.token(NAME_TOKEN));
        ObjectNode o = ApiJson.object();
        o.put("success", true);
        return o;
    }
}
