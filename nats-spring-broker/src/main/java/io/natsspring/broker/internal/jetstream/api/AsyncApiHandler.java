package io.natsspring.broker.internal.jetstream.api;

import java.util.concurrent.CompletionStage;

/**
 * Handles one kind of JetStream API request whose work runs elsewhere (a stream's consumer thread): called on the
 * API thread, it returns at once with a stage that completes with the response's fields or fails with an
 * {@link io.natsspring.broker.internal.jetstream.base.ApiException}. The answer is sent when the stage completes.
 */
@FunctionalInterface
interface AsyncApiHandler {

    CompletionStage<?> handle(ApiRequest request);
}
