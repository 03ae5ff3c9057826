package io.natsspring.broker.internal.jetstream.replication;

import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each source of a stream stopped, recovered as {@code nats-server} does after a restart: the stream is read
 * backwards from its last message and the first {@code Nats-Stream-Source} header of each source gives its last
 * origin sequence (and, from 2.15 origins, its identity). The progress is stored with the message itself, so a crash leaves neither gap nor duplicate.
 */
final class SourceProgress {

    private SourceProgress() {}

    /** Where a source stopped: last origin sequence taken and the origin's identity then ({@code null}: unknown). */
    record Position(long seq, String identity) {}

    /** Last origin position taken per source index name (absent: nothing taken yet). */
    static Map<String, Position> recover(StreamStore store, List<StreamSource> sources) {
        Map<String, Position> found = new HashMap<>();
        Map<String, StreamSource> wanted = new HashMap<>();
        for (StreamSource s : sources) {
            wanted.put(s.indexName(), s);
        }
        long last = store.state().lastSeq();
        for (StoredMessage m = last == 0 ? null : store.loadPrev(null, last);
                m != null && !wanted.isEmpty();
                m = m.seq() <= 1 ? null : store.loadPrev(null, m.seq() - 1)) {
            SourceHeader.Parsed p = SourceHeader.parse(NatsHeaders.get(m.headers(), SourceHeader.NAME));
            if (p == null) {
                continue;
            }
            if (p.indexName() != null) {
                if (wanted.remove(p.indexName()) != null) {
                    found.put(p.indexName(), new Position(p.seq(), p.identity()));
                }
            } else {
                for (StreamSource s : sources) {
                    if (s.name().equals(p.streamName()) && wanted.remove(s.indexName()) != null) {
                        found.put(s.indexName(), new Position(p.seq(), null));
                    }
                }
            }
        }
        return found;
    }
}
