package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import io.natsspring.broker.internal.jetstream.stream.StreamConfigRules;
import io.natsspring.broker.internal.routing.Subjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    static final String CONFIG_REQUEST = "StreamConfigRequest";

    private final StreamRegistry js;
    private final String serverName;
    private final ApiAdvisories advisories;

    private StreamApiHandlers(StreamRegistry js, String serverName, ApiAdvisories advisories) {
        this.js = js;
        this.serverName = serverName;
        this.advisories = advisories;
    }

    public static void register(ApiDispatcher d, StreamRegistry js, String serverName) {
        StreamApiHandlers h = new StreamApiHandlers(js, serverName, d.advisories());
        d.register("$JS.API.STREAM.CREATE.*", "stream_create", h::create);
        d.register("$JS.API.STREAM.UPDATE.*", "stream_update", h::update);
        d.register("$JS.API.STREAM.INFO.*", "stream_info", h::info, new Paging(0, 0, 0));
        d.register("$JS.API.STREAM.NAMES", "stream_names", h::names, new Names(0, 0, 0, null));
        d.register("$JS.API.STREAM.LIST", "stream_list", h::list, new Infos(0, 0, 0, List.of()));
        d.register("$JS.API.STREAM.DELETE.*", "stream_delete", h::delete);
    }

    /** The paging fields alone (an error answer to {@code STREAM.INFO}). */
    private record Paging(
            @JsonProperty("total") int total,
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit) {}

    /** {@code STREAM.NAMES}' answer; no streams is {@code null}, as the server writes it. */
    private record Names(
            @JsonProperty("total") int total,
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit,
            @JsonProperty("streams") List<String> streams) {}

    /** {@code STREAM.LIST}' answer; offline streams are named under {@code missing} and {@code offline}. */
    private record Infos(
            @JsonProperty("total") int total,
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit,
            @JsonProperty("streams") List<StreamInfoJson.Info> streams,

            @JsonProperty("missing") @JsonInclude(JsonInclude.Include.NON_NULL)
            List<String> missing,

            @JsonProperty("offline") @JsonInclude(JsonInclude.Include.NON_NULL)
            Map<String, String> offline) {

        Infos(int total, int offset, int limit, List<StreamInfoJson.Info> streams) {
            this(total, offset, limit, streams, null, null);
        }
    }

    private StreamConfig requestedConfig(ApiRequest r) {
        StreamConfig c = ApiJson.read(r.body(), StreamConfig.class, CONFIG_REQUEST);
        if (!r.token(NAME_TOKEN).equals(c.name())) {
            throw JsApiError.STREAM_MISMATCH.exception();
        }
        if (StreamConfigRules.hasPathSeparator(c.name())) {
            throw JsApiError.STREAM_NAME_CONTAINS_PATH_SEPARATORS.exception();
        }
        return AssetMetadata.withStreamLevel(c, StreamConfig.class);
    }

    private Object create(ApiRequest r) {
        StreamConfig c = requestedConfig(r);
        if (c.sealed()) {
            throw JsApiError.STREAM_INVALID_CONFIG.exception("stream configuration for create can not be sealed");
        }
        if (c.mirrorDirect() && c.mirror() == null) {
            throw JsApiError.STREAM_INVALID_CONFIG.exception("stream has no mirror but does have mirror direct");
        }
        StreamRegistry.CreateResult result = js.create(c);
        if (result.created()) {
            advisories.streamCreated(c.name());
        }
        return AssetMetadata.withServerKeys(new StreamInfoJson.CreateResponse(
                StreamInfoJson.of(result.stream(), serverName, false, null), result.created()));
    }

    private Object update(ApiRequest r) {
        StreamConfig c = requestedConfig(r);
        Stream s = js.update(c);
        advisories.streamUpdated(c.name());
        return AssetMetadata.withServerKeys(StreamInfoJson.of(s, serverName, false, null));
    }

    private Object info(ApiRequest r) {
        ApiRequests.StreamInfo req = ApiJson.read(r.body(), ApiRequests.StreamInfo.class, ApiRequests.StreamInfo.GO);
        Stream s = js.lookup(r.token(NAME_TOKEN));
        return AssetMetadata.withServerKeys(StreamInfoJson.infoResponse(
                s, serverName, req.deletedDetails(), req.subjectsFilter(), (int)
                        Math.max(0, Math.min(Integer.MAX_VALUE, req.offset()))));
    }

    /** Running and offline streams matching the request's subject filter, by name (offline ones map to null). */
    private TreeMap<String, Stream> filtered(ApiRequest r, String goRequest, int[] offsetOut) {
        ApiRequests.Streams req = ApiJson.read(r.body(), ApiRequests.Streams.class, goRequest);
        String filter = req.subject();
        TreeMap<String, Stream> out = new TreeMap<>();
        for (Stream s : js.streams()) {
            if (filter == null || filter.isEmpty() || matchesFilter(s.config().subjects(), filter)) {
                out.put(s.name(), s);
            }
        }
        for (Map.Entry<String, List<String>> e : js.offlineSubjects().entrySet()) {
            if (filter == null || filter.isEmpty() || matchesFilter(e.getValue(), filter)) {
                out.putIfAbsent(e.getKey(), null);
            }
        }
        offsetOut[0] = (int) Math.min(Math.max(0, req.offset()), out.size());
        return out;
    }

    private static boolean matchesFilter(List<String> subjects, String filter) {
        if (!Subjects.isValidSubscribeSubject(filter)) {
            return false;
        }
        for (String subject : subjects) {
            if (Subjects.overlaps(filter, subject)) {
                return true;
            }
        }
        return false;
    }

    private Object names(ApiRequest r) {
        int[] offset = new int[1];
        List<String> all =
                new ArrayList<>(filtered(r, ApiRequests.Streams.NAMES, offset).keySet());
        List<String> page = all.subList(offset[0], Math.min(all.size(), offset[0] + NAMES_LIMIT));
        return new Names(all.size(), offset[0], NAMES_LIMIT, page.isEmpty() ? null : page);
    }

    private Object list(ApiRequest r) {
        int[] offset = new int[1];
        TreeMap<String, Stream> all = filtered(r, ApiRequests.Streams.LIST, offset);
        Map<String, String> reasons = js.offlineStreams();
        List<StreamInfoJson.Info> page = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> offline = new TreeMap<>();
        int skip = offset[0];
        for (Map.Entry<String, Stream> e : all.entrySet()) {
            if (skip > 0) {
                skip--;
                continue;
            }
            if (e.getValue() == null) {
                missing.add(e.getKey());
                offline.put(e.getKey(), reasons.getOrDefault(e.getKey(), ""));
                continue;
            }
            page.add(StreamInfoJson.of(e.getValue(), null, false, null));
            if (page.size() >= LIST_LIMIT) {
                break;
            }
        }
        return new Infos(
                all.size(),
                offset[0],
                LIST_LIMIT,
                page,
                missing.isEmpty() ? null : missing,
                offline.isEmpty() ? null : offline);
    }

    private Object delete(ApiRequest r) {
        if (!ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.NOT_EMPTY_REQUEST.exception();
        }
        js.delete(r.token(NAME_TOKEN));
        advisories.streamDeleted(r.token(NAME_TOKEN));
        return ApiResponses.SUCCESS;
    }
}
