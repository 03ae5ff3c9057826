package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamState;
import io.natsspring.broker.internal.store.StreamStore;
import java.util.ArrayList;
import java.util.List;

/** Store look-ups behind the {@code last} and {@code last_per_subject} deliver policies, over several filters. */
final class StartPosition {

    private StartPosition() {}

    /** Sequence of the newest message matching {@code filters}, or {@code lastSeq + 1} when none. */
    static long lastMatching(StreamStore store, StreamState st, List<String> filters) {
        if (st.msgs() == 0) {
            return st.lastSeq() + 1;
        }
        if (filters.isEmpty()) {
            return st.lastSeq();
        }
        long best = 0;
        for (String f : filters) {
            StoredMessage m = store.loadLast(f);
            if (m != null) {
                best = Math.max(best, m.seq());
            }
        }
        return best == 0 ? st.lastSeq() + 1 : best;
    }

    /** Ascending sequences of the newest message of every subject matching {@code filters}. */
    static long[] lastPerSubject(StreamStore store, List<String> filters) {
        if (filters.size() == 1) {
            return store.lastPerSubject(filters.get(0));
        }
        List<Long> all = new ArrayList<>();
        for (String f : filters) {
            for (long s : store.lastPerSubject(f)) {
                all.add(s);
            }
        }
        return all.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
    }
}
