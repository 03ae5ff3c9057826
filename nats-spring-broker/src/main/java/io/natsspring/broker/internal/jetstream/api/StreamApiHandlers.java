package io.natsspring.broker.internal.jetstream.api;

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
    private static final String CONFIG_REQUEST = "StreamConfigRequest";

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

    /** {@code STREAM.LIST}' answer. */
    private record Infos(
            @JsonProperty("total") int total,
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit,
            @JsonProperty("streams") List<StreamInfoJson.Info> streams) {}

    private StreamConfig requestedConfig(ApiRequest r) {
        StreamConfig c = ApiJson.read(r.body(), StreamConfig.class, CONFIG_REQUEST);
        if (!r.token(NAME_TOKEN).equals(c.name())) {
            throw JsApiError.STREAM_MISMATCH.exception();
        }
        if (StreamConfigRules.hasPathSeparator(c.name())) {
            throw JsApiError.STREAM_NAME_CONTAINS_PATH_SEPARATORS.exception();
        }
        UnsupportedFields.Stream.check(r.body(), CONFIG_REQUEST);
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

    private List<Stream> filtered(ApiRequest r, String goRequest, int[] offsetOut) {
        ApiRequests.Streams req = ApiJson.read(r.body(), ApiRequests.Streams.class, goRequest);
        String filter = req.subject();
        List<Stream> out = new ArrayList<>();
        for (Stream s : js.streams()) {
            if (filter == null || filter.isEmpty() || matchesFilter(s, filter)) {
                out.add(s);
            }
        }
        offsetOut[0] = (int) Math.min(Math.max(0, req.offset()), out.size());
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

    private Object names(ApiRequest r) {
        int[] offset = new int[1];
        List<Stream> all = filtered(r, ApiRequests.Streams.NAMES, offset);
        List<String> page = all.subList(offset[0], Math.min(all.size(), offset[0] + NAMES_LIMIT)).stream()
                .map(Stream::name)
                .toList();
        return new Names(all.size(), offset[0], NAMES_LIMIT, page.isEmpty() ? null : page);
    }

    private Object list(ApiRequest r) {
        int[] offset = new int[1];
        List<Stream> all = filtered(r, ApiRequests.Streams.LIST, offset);
        List<StreamInfoJson.Info> page = new ArrayList<>();
        for (Stream s : all.subList(offset[0], Math.min(all.size(), offset[0] + LIST_LIMIT))) {
            page.add(StreamInfoJson.of(s, null, false, null));
        }
        return new Infos(all.size(), offset[0], LIST_LIMIT, page);
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
