package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.account.StreamRegistry;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.consumer.ConsumerConfig;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * {@code $JS.API.CONSUMER.PAUSE.<stream>.<consumer>}: sets or clears a consumer's {@code pause_until}. A body
 * that is not a JSON object (or empty) resumes, as with {@code nats-server}; the answer tells whether the consumer
 * is paused now, until when and for how much longer.
 */
final class ConsumerPauseHandler {

    private final StreamRegistry js;

    private ConsumerPauseHandler(StreamRegistry js) {
        this.js = js;
    }

    static void register(ApiDispatcher d, StreamRegistry js) {
        ConsumerPauseHandler h = new ConsumerPauseHandler(js);
        d.registerAsync("$JS.API.CONSUMER.PAUSE.*.*", "consumer_pause", h::pause, new Response(false, 0, 0));
    }

    private CompletionStage<?> pause(ApiRequest r) {
        long until = 0;
        if (isObjectOrArray(r.body())) {
            until = ApiJson.read(r.body(), Request.class, Request.GO).pauseUntilNanos();
        }
        return js.consumers(r.token(4)).pause(r.token(5), until).thenApply(ConsumerPauseHandler::response);
    }

    private static Response response(ConsumerConfig c) {
        long now = ApiTime.nowNanos();
        boolean paused = c.pausedAt(now);
        return new Response(paused, c.pauseUntilNanos(), paused ? c.pauseUntilNanos() - now : 0);
    }

    private static boolean isObjectOrArray(byte[] body) {
        if (body == null) {
            return false;
        }
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }

    /** {@code JSApiConsumerPauseRequest}. */
    record Request(
            @JsonProperty("pause_until") @JsonDeserialize(using = GoScalars.Time.class)
            long pauseUntilNanos) {
        static final String GO = "JSApiConsumerPauseRequest";
    }

    /** {@code JSApiConsumerPauseResponse} without its type and error. */
    record Response(
            @JsonProperty("paused") boolean paused,

            @JsonProperty("pause_until") @JsonSerialize(using = GoScalars.TimeWriter.class)
            long pauseUntilNanos,

            @JsonProperty("pause_remaining") @JsonInclude(Include.NON_DEFAULT)
            long pauseRemainingNanos) {}
}
