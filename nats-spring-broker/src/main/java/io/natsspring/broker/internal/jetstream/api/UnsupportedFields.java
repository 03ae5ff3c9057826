package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;

/**
 * Config fields {@code nats-server} 2.15 knows and this broker does not implement. The config records skip them
 * when binding; here they are bound with their Go types (so a wrong type is the server's error) and refused when
 * set: a feature the client asked for is never silently dropped. Their zero values are accepted.
 */
final class UnsupportedFields {

    private UnsupportedFields() {}

    /** Stream config fields, bound from a {@code StreamConfigRequest}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stream(@JsonProperty("allow_batched") boolean allowBatched) {

        /** Throws {@link JsApiError#STREAM_INVALID_CONFIG} naming the first field that is set. */
        static void check(byte[] body, String goRoot) {
            Stream s = ApiJson.read(body, Stream.class, goRoot);
            String field = s.allowBatched() ? "allow_batched" : null;
            if (field != null) {
                throw JsApiError.STREAM_INVALID_CONFIG.exception(
                        "stream " + field + " is not supported by this server");
            }
        }
    }
}
