package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiException;

/**
 * Handles one kind of JetStream API request on the API thread. Returns the response's fields as a value Jackson
 * writes as a JSON object (the dispatcher adds {@code type} first); throws {@link ApiException} to answer with an
 * error.
 */
@FunctionalInterface
interface ApiHandler {

    Object handle(ApiRequest request);
}
