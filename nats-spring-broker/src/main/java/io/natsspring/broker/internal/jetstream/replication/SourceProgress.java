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
 * origin sequence. The progress is stored with the message itself, so a crash leaves neither gap nor duplicate.
 */
final class SourceProgress {

    private SourceProgress() {}

    /** Last origin sequence taken per source index name (absent: nothing taken yet). */
    static Map<String, Long> recover(StreamStore store, List<StreamSource> sources) {
        Map<String, Long> found = new HashMap<>();
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
                    found.put(p.indexName(), p.seq());
                }
            } else {
                for (StreamSource s : sources) {
                    if (s.name().equals(p.streamName()) && wanted.remove(s.indexName()) != null) {
                        found.put(s.indexName(), p.seq());
                    }
                }
            }
        }
        return found;
    }
}
