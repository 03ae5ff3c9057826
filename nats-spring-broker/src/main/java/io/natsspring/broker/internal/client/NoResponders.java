package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.routing.MatchResult;

/**
 * The no-responders answer: a request nobody received gets a {@code 503} status message on the publisher's own
 * subscription for the reply subject, as {@code nats-server} sends it to clients that asked for it in CONNECT.
 */
final class NoResponders {

    private NoResponders() {}

    /** Sends the status to {@code publisher} when one of its subscriptions matches the reply subject of {@code m}. */
    static void answer(MessageRouter router, ClientConnection publisher, InboundMessage m, FlushBatch batch) {
        ClientSubscription s = ownSubscription(router.match(m.reply()), publisher);
        if (s != null) {
            publisher.enqueueNoResponders(m, s.sidBytes());
            batch.add(publisher);
        }
    }

    private static ClientSubscription ownSubscription(MatchResult<Subscription> r, ClientConnection publisher) {
        for (int i = 0, n = r.plainCount(); i < n; i++) {
            if (r.plain(i) instanceof ClientSubscription s && s.owner() == publisher) {
                return s;
            }
        }
        for (int g = 0; g < r.groupCount(); g++) {
            for (int i = 0; i < r.groupSize(g); i++) {
                if (r.groupMember(g, i) instanceof ClientSubscription s && s.owner() == publisher) {
                    return s;
                }
            }
        }
        return null;
    }
}
