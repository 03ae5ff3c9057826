package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.base.ApiException;

import tools.jackson.databind.node.ObjectNode;

/**
 * Handles one kind of JetStream API request on the API thread. Returns the response's fields (the dispatcher adds
 * {@code type}); throws {@link ApiException} to answer with an error.
 */
@FunctionalInterface
interface ApiHandler {

    ObjectNode handle(ApiRequest request);
}
