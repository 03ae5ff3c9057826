package io.natsspring.broker.internal.client;

import java.util.ArrayList;
import java.util.List;

/** The links one routed message goes to, each once, with the queue groups chosen for it. Used by one thread. */
final class RemoteDeliveries {

    private final List<RemoteLink> links = new ArrayList<>(2);
    private final List<List<String>> queues = new ArrayList<>(2);

    /** Adds {@code link} (with {@code queue} when not {@code null}); creates the collection on first use. */
    static RemoteDeliveries add(RemoteDeliveries d, RemoteLink link, String queue) {
        RemoteDeliveries r = d == null ? new RemoteDeliveries() : d;
        int i = r.links.indexOf(link);
        if (i < 0) {
            r.links.add(link);
            r.queues.add(new ArrayList<>(1));
            i = r.links.size() - 1;
        }
        if (queue != null) {
            r.queues.get(i).add(queue);
        }
        return r;
    }

    /** Sends to every link; returns how many took the message. */
    /** How many links take the message. */
    int count() {
        return links.size();
    }

    /** The {@code i}-th link. */
    RemoteLink link(int i) {
        return links.get(i);
    }

    /** Sends {@code m} over the {@code i}-th link only; whether it took the message. */
    boolean send(int i, InboundMessage m, FlushBatch batch) {
        return links.get(i).send(m, queues.get(i), batch);
    }

    int send(InboundMessage m, FlushBatch batch) {
        int n = 0;
        for (int i = 0; i < links.size(); i++) {
            if (links.get(i).send(m, queues.get(i), batch)) {
                n++;
            }
        }
        return n;
    }
}
