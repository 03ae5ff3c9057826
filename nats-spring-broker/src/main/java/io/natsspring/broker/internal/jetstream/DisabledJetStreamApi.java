package io.natsspring.broker.internal.jetstream;

import io.natsspring.broker.internal.client.MessageRouter;
import io.natsspring.broker.internal.jetstream.api.ApiDispatcher;
import io.natsspring.broker.internal.jetstream.api.ApiHandlers;
import io.natsspring.broker.internal.jetstream.api.ApiStats;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;

/**
 * The JetStream API of an account without JetStream on a server with JetStream: every request gets
 * {@code nats-server}'s "JetStream not enabled for account" (503, 10039) in the request's response type.
 */
public final class DisabledJetStreamApi implements AutoCloseable {

    private final ApiDispatcher dispatcher;

    public DisabledJetStreamApi(MessageRouter router, int queueLimit, String serverName) {
        this.dispatcher =
                new ApiDispatcher(new InternalPublisher(router), new ApiStats(), queueLimit, serverName, Runnable::run);
        dispatcher.refuseAllWith(JsApiError.NOT_ENABLED_FOR_ACCOUNT);
        ApiHandlers.registerAll(dispatcher, null, new ApiStats(), serverName);
    }

    @Override
    public void close() {
        dispatcher.close();
        dispatcher.shutdown();
    }
}
