package io.natsspring.broker.internal.jetstream.stream;

import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * The {@code Nats-Msg-Id}s seen within the stream's duplicate window, with the sequence each was stored at.
 * Used by the stream's writer thread only.
 */
final class DedupWindow {

    private record Entry(String id, long seq, long timestampNanos) {}

    private final HashMap<String, Entry> byId = new HashMap<>();
    private final ArrayDeque<Entry> byAge = new ArrayDeque<>();
    private long windowNanos;

    DedupWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    void setWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** Sequence the id was stored at if it is still within the window, else 0. */
    long sequenceOf(String id, long nowNanos) {
        expire(nowNanos);
        Entry e = byId.get(id);
        return e == null ? 0 : e.seq;
    }

    void record(String id, long seq, long timestampNanos) {
        if (windowNanos <= 0) {
            return;
        }
        Entry e = new Entry(id, seq, timestampNanos);
        byId.put(id, e);
        byAge.addLast(e);
    }

    void clear() {
        byId.clear();
        byAge.clear();
    }

    int size() {
        return byId.size();
    }

    private void expire(long nowNanos) {
        Entry head;
        while ((head = byAge.peekFirst()) != null && nowNanos - head.timestampNanos >= windowNanos) {
            byAge.pollFirst();
            if (byId.get(head.id) == head) {
                byId.remove(head.id);
            }
        }
    }
}
