package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Config fields {@code nats-server} 2.15 knows and this broker does not implement. The config records skip them
 * when binding; here they are bound with their Go types (so a wrong type is the server's error) and refused when
 * set: a feature the client asked for is never silently dropped. Their zero values are accepted.
 */
final class UnsupportedFields {

    private UnsupportedFields() {}

    /** Stream config fields, bound from a {@code StreamConfigRequest}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stream(
            @JsonProperty("allow_batched") boolean allowBatched,
            @JsonProperty("persist_mode") String persistMode) {

        /** Throws {@link JsApiError#STREAM_INVALID_CONFIG} naming the first field that is set. */
        static void check(byte[] body, String goRoot) {
            Stream s = ApiJson.read(body, Stream.class, goRoot);
            String field = s.allowBatched()
                    ? "allow_batched"
                    : s.persistMode() != null
                                    && !s.persistMode().isEmpty()
                                    && !s.persistMode().equals("default")
                            ? "persist_mode"
                            : null;
            if (field != null) {
                throw JsApiError.STREAM_INVALID_CONFIG.exception(
                        "stream " + field + " is not supported by this server");
            }
        }
    }

    /** Consumer config fields, bound from a {@code CreateConsumerRequest}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConsumerRequest(@JsonProperty("config") Consumer config) {

        /** Throws {@link JsApiError#CONSUMER_CREATE} naming the first field that is set. */
        static void check(byte[] body, String goRoot) {
            Consumer c = ApiJson.read(body, ConsumerRequest.class, goRoot).config();
            if (c == null) {
                return;
            }
            String field = c.priorityGroups() != null && !c.priorityGroups().isEmpty()
                    ? "priority_groups"
                    : c.priorityPolicy() != null
                                    && !c.priorityPolicy().isEmpty()
                                    && !c.priorityPolicy().equals("none")
                            ? "priority_policy"
                            : c.priorityTimeoutNanos() != 0 ? "priority_timeout" : null;
            if (field != null) {
                throw JsApiError.CONSUMER_CREATE.exception("consumer " + field + " is not supported by this server");
            }
        }
    }

    /** The consumer config's fields. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Consumer(
            @JsonProperty("pause_until") @JsonDeserialize(using = GoScalars.Time.class)
            long pauseUntilNanos,

            @JsonProperty("priority_groups") List<String> priorityGroups,
            @JsonProperty("priority_policy") String priorityPolicy,

            @JsonProperty("priority_timeout") @JsonDeserialize(using = GoScalars.Duration.class)
            long priorityTimeoutNanos) {}
}
