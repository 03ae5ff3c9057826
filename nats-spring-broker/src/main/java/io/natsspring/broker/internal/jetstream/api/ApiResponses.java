package io.natsspring.broker.internal.jetstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Small answers several JetStream API requests share. */
final class ApiResponses {

    /** {@code {"success":true}}. */
    static final Success SUCCESS = new Success(true);

    private ApiResponses() {}

    /** {@code {"success":…}}. */
    record Success(@JsonProperty("success") boolean success) {}

    /** {@code STREAM.PURGE}'s answer. */
    record Purged(
            @JsonProperty("success") @JsonInclude(JsonInclude.Include.NON_DEFAULT)
            boolean success,

            @JsonProperty("purged") long purged) {}
}
