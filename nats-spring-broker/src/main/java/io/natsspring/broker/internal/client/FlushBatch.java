package io.natsspring.broker.internal.client;

import java.util.ArrayList;

/**
 * The connections that received messages during one read batch. Each is flushed once at the end of the batch
 * instead of once per message. Used by one thread at a time.
 */
public final class FlushBatch {

    private final ArrayList<ClientConnection> targets = new ArrayList<>();
    private final Object marker = new Object();

    /** Adds a connection unless already present in this batch. */
    void add(ClientConnection target) {
        if (target.flushMark != marker) {
            target.flushMark = marker;
            targets.add(target);
        }
    }

    /** Asks every collected connection to flush, on its own event loop. */
    public void flushAll() {
        int n = targets.size();
        for (int i = 0; i < n; i++) {
            ClientConnection c = targets.get(i);
            c.flushMark = null;
            c.requestFlush();
        }
        targets.clear();
    }
}
