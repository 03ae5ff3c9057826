package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.base.StreamIdentity;
import io.natsspring.broker.internal.jetstream.consumer.PriorityPolicy;
import io.natsspring.broker.internal.jetstream.consumer.StreamConsumers;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $JS.API.CONSUMER.UNPIN.<stream>.<consumer>} (ADR-42: body {@code {"group":…}}, checked in
 * {@code nats-server}'s order) and {@code $JS.API.CONSUMER.RESET.<stream>.<consumer>} (2.14: body
 * {@code {"seq":…}} or empty for the ack floor; answers the consumer info and {@code reset_seq}).
 */
final class ConsumerPriorityHandlers {

    private final StreamRegistry js;

    private ConsumerPriorityHandlers(StreamRegistry js) {
        this.js = js;
    }

    static void register(ApiDispatcher d, StreamRegistry js) {
        ConsumerPriorityHandlers h = new ConsumerPriorityHandlers(js);
        d.registerAsync("$JS.API.CONSUMER.UNPIN.*.*", "consumer_unpin", h::unpin);
        d.registerAsync("$JS.API.CONSUMER.RESET.*.*", "consumer_reset", h::reset, new ResetError(0));
    }

    private CompletionStage<?> unpin(ApiRequest r) {
        if (isBlank(r.body())) {
            throw JsApiError.INVALID_JSON.exception("unexpected end of JSON input");
        }
        String group = unmarshal(r.body(), UnpinRequest.class, UnpinRequest.GO).group();
        if (group == null || group.isEmpty()) {
            throw JsApiError.INVALID_JSON.exception("consumer group not specified");
        }
        if (!PriorityPolicy.isValidGroupName(group)) {
            throw JsApiError.CONSUMER_INVALID_GROUP_NAME.exception();
        }
        return js.consumers(r.token(4)).unpin(r.token(5), group).thenApply(done -> null);
    }

    /**
     * nats-server answers a reset from the consumer's own subscription, so an unknown stream or consumer gets no
     * answer at all; here the request is left unanswered likewise.
     */
    private CompletionStage<?> reset(ApiRequest r) {
        long seq = 0;
        if (r.body() != null && r.body().length > 0) {
            seq = unmarshal(r.body(), ResetRequest.class, ResetRequest.GO).seq();
        }
        StreamConsumers consumers;
        try {
            consumers = js.consumers(r.token(4));
        } catch (RuntimeException e) {
            return new CompletableFuture<>();
        }
        String stream = r.token(4);
        boolean asksIdentity = r.headers() != null && NatsHeaders.get(r.headers(), StreamIdentity.HEADER) != null;
        return consumers.reset(r.token(5), seq).thenCompose(done -> {
            if (done == null) {
                return new CompletableFuture<>();
            }
            ObjectNode out = ApiJson.tree(ConsumerInfoJson.of(stream, done.info(), null));
            out.put("reset_seq", done.resetSeq());
            if (asksIdentity) {
                // 2.15: a source resetting its durable names the origin it knew; the answer tells the current one
                String identity = StreamIdentity.of(js.lookup(stream).createdNanos());
                return CompletableFuture.completedFuture(
                        new HeaderedAnswer(out, NatsHeaders.append(null, StreamIdentity.HEADER, identity)));
            }
            return CompletableFuture.completedFuture(out);
        });
    }

    /**
     * Binds a body as Go's {@code json.Unmarshal} does for these two requests: its syntax errors name no offset
     * (unlike the decoder the create requests go through).
     */
    private static <T> T unmarshal(byte[] body, Class<T> type, String goRoot) {
        try {
            return ApiJson.read(body, type, goRoot);
        } catch (ApiException e) {
            String d = e.error().description();
            int at = d.lastIndexOf(" at offset ");
            if (e.error().errCode() != JsApiError.INVALID_JSON.errCode() || at < 0) {
                throw e;
            }
            throw JsApiError.INVALID_JSON.exception(d.substring("invalid JSON: ".length(), at));
        }
    }

    private static boolean isBlank(byte[] body) {
        if (body == null) {
            return true;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** {@code JSApiConsumerUnpinRequest}. */
    record UnpinRequest(@JsonProperty("group") String group) {
        static final String GO = "JSApiConsumerUnpinRequest";
    }

    /** {@code JSApiConsumerResetRequest}. */
    record ResetRequest(
            @JsonProperty("seq") @JsonDeserialize(using = GoScalars.Uint64.class)
            long seq) {
        static final String GO = "JSApiConsumerResetRequest";
    }

    /** What an error answer to a reset carries next to {@code error}. */
    record ResetError(@JsonProperty("reset_seq") long resetSeq) {}
}
