package io.natsspring.broker.internal.jetstream.api;

import io.natsspring.broker.internal.jetstream.account.StreamRegistry;

/** Registers every {@code $JS.API} request handler with the dispatcher. */
public final class ApiHandlers {

    private ApiHandlers() {}

    public static void registerAll(
            ApiDispatcher dispatcher, StreamRegistry registry, ApiStats stats, String serverName) {
        AccountApiHandler.register(dispatcher, registry, stats);
        StreamApiHandlers.register(dispatcher, registry, serverName);
        StreamMessageApiHandlers.register(dispatcher, registry);
        ConsumerApiHandlers.register(dispatcher, registry, serverName);
        SnapshotApiHandlers.register(dispatcher, registry);
    }
}
