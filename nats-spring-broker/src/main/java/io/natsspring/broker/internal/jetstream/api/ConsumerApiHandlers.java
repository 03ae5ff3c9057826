package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.base.StreamIdentity;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerConfig;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerSnapshot;
import io.natsspring.broker.internal.jetstream.consumer.SourcingConsumers;
import io.natsspring.broker.internal.jetstream.consumer.StreamConsumers;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumer administration: {@code CONSUMER.CREATE} (legacy ephemeral and the 2.9+ named form with optional
 * filter), {@code CONSUMER.DURABLE.CREATE}, {@code INFO}, {@code NAMES}, {@code LIST} and {@code DELETE}.
 * Checks run in {@code nats-server}'s order so the same mistakes give the same errors. ({@code MSG.NEXT} is
 * subscribed per consumer by {@link StreamConsumers}, so an unknown consumer gives "no responders".) Requests that
 * touch consumer state run on the stream's consumer thread and answer from there: the API thread never waits.
 */
final class ConsumerApiHandlers {

    /** Most names per {@code CONSUMER.NAMES} page. */
    public static final int NAMES_LIMIT = 1024;
    /** Most infos per {@code CONSUMER.LIST} page. */
    public static final int LIST_LIMIT = 256;

    private final StreamRegistry js;
    private final String serverName;

    private ConsumerApiHandlers(StreamRegistry js, String serverName) {
        this.js = js;
        this.serverName = serverName;
    }

    public static void register(ApiDispatcher d, StreamRegistry js, String serverName) {
        ConsumerApiHandlers h = new ConsumerApiHandlers(js, serverName);
        d.registerAsync("$JS.API.CONSUMER.CREATE.*", "consumer_create", h::create);
        d.registerAsync("$JS.API.CONSUMER.CREATE.*.>", "consumer_create", h::create);
        d.registerAsync("$JS.API.CONSUMER.DURABLE.CREATE.*.*", "consumer_create", h::create);
        d.registerAsync("$JS.API.CONSUMER.INFO.*.*", "consumer_info", h::info);
        d.register("$JS.API.CONSUMER.NAMES.*", "consumer_names", h::names, new Names(0, 0, 0, List.of()));
        d.registerAsync("$JS.API.CONSUMER.LIST.*", "consumer_list", h::list, new Infos(0, 0, 0, List.of()));
        d.registerAsync("$JS.API.CONSUMER.DELETE.*.*", "consumer_delete", h::delete);
        ConsumerPauseHandler.register(d, js);
        ConsumerPriorityHandlers.register(d, js);
    }

    private CompletionStage<?> create(ApiRequest r) {
        ApiRequests.CreateConsumer req =
                ApiJson.read(r.body(), ApiRequests.CreateConsumer.class, ApiRequests.CreateConsumer.GO);
        String requestStream = req.streamName();
        String action = req.action();
        ConsumerConfig c = req.config() != null ? req.config() : ApiJson.read(null, ConsumerConfig.class, "");
        String[] tokens = r.subject().split("\\.");
        String stream;
        String name = null;
        String filter = null;
        boolean legacyDurable = tokens[3].equals("DURABLE");
        boolean legacyEphemeral = !legacyDurable && tokens.length == 5;
        if (legacyDurable) {
            stream = tokens[5];
            name = tokens[6];
        } else {
            stream = tokens[4];
            if (tokens.length > 5) {
                name = tokens[5];
            }
            if (tokens.length > 6) {
                filter = String.join(".", List.of(tokens).subList(6, tokens.length));
            }
        }
        if (!stream.equals(requestStream)) {
            throw JsApiError.STREAM_MISMATCH.exception();
        }
        if (name != null && (name.contains("/") || name.contains("\\"))) {
            throw JsApiError.CONSUMER_NAME_CONTAINS_PATH_SEPARATORS.exception();
        }
        if (legacyDurable) {
            if (c.durable() == null) {
                throw JsApiError.CONSUMER_DURABLE_NAME_NOT_SET.exception();
            }
            if (!name.equals(c.durable())) {
                throw JsApiError.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT.exception();
            }
        } else if (!legacyEphemeral) {
            if (c.durable() != null && !name.equals(c.durable())) {
                throw JsApiError.CONSUMER_DURABLE_NAME_NOT_MATCH_SUBJECT.exception();
            }
            c = c.withName(name);
        } else if (c.durable() != null) {
            throw JsApiError.CONSUMER_EPHEMERAL_WITH_DURABLE_NAME.exception();
        }
        if (filter != null && !c.filterSubjects().isEmpty()) {
            throw JsApiError.CONSUMER_MULTIPLE_FILTERS_NOT_ALLOWED.exception();
        }
        if (filter != null && !filter.equals(c.filterSubject())) {
            throw JsApiError.CONSUMER_CREATE_FILTER_SUBJECT_MISMATCH.exception();
        }
        if (c.replicas() > 1) {
            throw JsApiError.STREAM_REPLICAS_NOT_SUPPORTED.exception();
        }
        c = AssetMetadata.withConsumerLevel(c, ConsumerConfig.class);
        StreamConsumers consumers = js.consumers(stream);
        if (c.direct() && c.sourcing() && c.name() != null) {
            if (SourcingConsumers.needsDurable(js.lookup(stream).config().retention())) {
                // ADR-60: a work-queue or interest origin keeps a durable, flow-control-acked consumer per source
                c = AssetMetadata.withConsumerLevel(SourcingConsumers.durable(c), ConsumerConfig.class);
            } else {
                // a source uses a stable name; each of its consumers gets its own suffix
                c = c.withRandomSuffix();
            }
        }
        String identity = null;
        if (c.direct() || c.sourcing()) {
            identity = StreamIdentity.of(js.lookup(stream).createdNanos());
            String expected = r.headers() == null ? null : NatsHeaders.get(r.headers(), StreamIdentity.HEADER);
            if (expected != null && !expected.isEmpty() && !expected.equals(identity)) {
                throw JsApiError.CONSUMER_STREAM_IDENTITY_MISMATCH.exception(identity);
            }
        }
        int accountMax = js.usage().maxConsumers();
        if (accountMax >= 0
                && js.consumerCount() >= accountMax
                && (c.name() == null || !consumers.names().contains(c.name()))
                && (c.durable() == null || !consumers.names().contains(c.durable()))) {
            throw JsApiError.MAXIMUM_CONSUMERS_LIMIT.exception();
        }
        byte[] identityHeader = identity == null ? null : NatsHeaders.append(null, StreamIdentity.HEADER, identity);
        return consumers
                .create(c, action == null || action.isEmpty() ? null : action)
                .thenApply(info -> {
                    Object answer = AssetMetadata.withServerKeys(ConsumerInfoJson.of(stream, info, serverName));
                    return identityHeader == null ? answer : new HeaderedAnswer(answer, identityHeader);
                });
    }

    private CompletionStage<?> info(ApiRequest r) {
        if (!ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.NOT_EMPTY_REQUEST.exception();
        }
        String stream = r.token(4);
        Map<String, String> offline = js.offlineConsumers(stream);
        if (offline != null) {
            String reason = offline.get(r.token(5));
            throw reason == null
                    ? JsApiError.CONSUMER_NOT_FOUND.exception()
                    : JsApiError.CONSUMER_OFFLINE_REASON.exception(reason);
        }
        StreamConsumers consumers = js.consumers(stream);
        return consumers
                .info(r.token(5))
                .thenApply(s -> AssetMetadata.withServerKeys(ConsumerInfoJson.of(stream, s, serverName)));
    }

    private static int offset(ApiRequest r) {
        ApiRequests.Consumers req = ApiJson.read(r.body(), ApiRequests.Consumers.class, ApiRequests.Consumers.GO);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, req.offset()));
    }

    private Object names(ApiRequest r) {
        int offset = offset(r);
        Map<String, String> offline = js.offlineConsumers(r.token(4));
        List<String> all = offline != null
                ? List.copyOf(offline.keySet())
                : js.consumers(r.token(4)).names();
        int from = Math.min(offset, all.size());
        return new Names(all.size(), from, NAMES_LIMIT, all.subList(from, Math.min(all.size(), from + NAMES_LIMIT)));
    }

    private CompletionStage<?> list(ApiRequest r) {
        int offset = offset(r);
        String stream = r.token(4);
        Map<String, String> offline = js.offlineConsumers(stream);
        if (offline != null) {
            return CompletableFuture.completedFuture(offlinePage(offset, offline));
        }
        return js.consumers(stream).infos().thenApply(all -> listPage(stream, offset, all));
    }

    /**
     * The list of a stream stopped by consumers it can not run: only those, each under {@code missing} and
     * {@code offline} with its reason, as {@code nats-server} answers.
     */
    private static Infos offlinePage(int offset, Map<String, String> offline) {
        List<String> names = List.copyOf(offline.keySet());
        int from = Math.min(offset, names.size());
        Map<String, String> page = new LinkedHashMap<>();
        for (String name : names.subList(from, names.size())) {
            page.put(name, offline.get(name));
        }
        return new Infos(
                names.size(),
                from,
                LIST_LIMIT,
                List.of(),
                page.isEmpty() ? null : List.copyOf(page.keySet()),
                page.isEmpty() ? null : page);
    }

    private Infos listPage(String stream, int offset, List<ConsumerSnapshot> all) {
        int from = Math.min(offset, all.size());
        List<ConsumerInfoJson.Info> page = new ArrayList<>();
        for (ConsumerSnapshot s : all.subList(from, Math.min(all.size(), from + LIST_LIMIT))) {
            page.add(ConsumerInfoJson.of(stream, s, serverName));
        }
        return new Infos(all.size(), from, LIST_LIMIT, page);
    }

    private CompletionStage<?> delete(ApiRequest r) {
        if (!ApiJson.isEmptyRequest(r.body())) {
            throw JsApiError.NOT_EMPTY_REQUEST.exception();
        }
        Map<String, String> offline = js.offlineConsumers(r.token(4));
        if (offline != null) {
            if (!offline.containsKey(r.token(5))) {
                throw JsApiError.CONSUMER_NOT_FOUND.exception();
            }
            try {
                js.deleteOfflineConsumer(r.token(4), r.token(5));
            } catch (IOException e) {
                throw JsApiError.CONSUMER_OFFLINE_REASON.exception(String.valueOf(e.getMessage()));
            }
            return CompletableFuture.completedFuture(ApiResponses.SUCCESS);
        }
        return js.consumers(r.token(4)).delete(r.token(5)).thenApply(done -> ApiResponses.SUCCESS);
    }

    /** {@code CONSUMER.NAMES}' answer. */
    private record Names(
            @JsonProperty("total") int total,
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit,
            @JsonProperty("consumers") List<String> consumers) {}

    /** {@code CONSUMER.LIST}' answer; offline consumers are named under {@code missing} and {@code offline}. */
    private record Infos(
            @JsonProperty("total") int total,
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit,
            @JsonProperty("consumers") List<ConsumerInfoJson.Info> consumers,

            @JsonProperty("missing") @JsonInclude(JsonInclude.Include.NON_NULL)
            List<String> missing,

            @JsonProperty("offline") @JsonInclude(JsonInclude.Include.NON_NULL)
            Map<String, String> offline) {

        Infos(int total, int offset, int limit, List<ConsumerInfoJson.Info> consumers) {
            this(total, offset, limit, consumers, null, null);
        }
    }
}
