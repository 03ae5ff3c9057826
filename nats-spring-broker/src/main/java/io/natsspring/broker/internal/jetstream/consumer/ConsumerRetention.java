package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.stream.RetentionPolicy;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamState;
import io.natsspring.broker.internal.store.StreamStore;
import java.util.Collection;

/**
 * Work-queue and interest retention seen from the consumers: removes a message from the stream once the consumers
 * that need it are done with it. Runs on the consumer thread.
 */
final class ConsumerRetention {

    private final Stream stream;
    private final Collection<Consumer> consumers;

    /** @param consumers a live view of the stream's consumers */
    ConsumerRetention(Stream stream, Collection<Consumer> consumers) {
        this.stream = stream;
        this.consumers = consumers;
    }

    /** A consumer is done with {@code seq}: removes it if retention says so. */
    void acknowledged(long seq) {
        RetentionPolicy retention = stream.config().retention();
        if (retention == RetentionPolicy.WORK_QUEUE) {
            stream.removeAcknowledged(seq);
        } else if (retention == RetentionPolicy.INTEREST) {
            StoredMessage m = stream.store().load(seq);
            if (m != null && doneByAll(m.seq(), m.subject())) {
                stream.removeAcknowledged(seq);
            }
        }
    }

    /** After a consumer left an interest stream: removes what the remaining consumers do not need. */
    void consumerRemoved() {
        if (stream.config().retention() != RetentionPolicy.INTEREST) {
            return;
        }
        StreamStore store = stream.store();
        StreamState st = store.state();
        for (StoredMessage m = store.loadNext(null, st.firstSeq()); m != null; m = store.loadNext(null, m.seq() + 1)) {
            if (doneByAll(m.seq(), m.subject())) {
                stream.removeAcknowledged(m.seq());
            }
        }
    }

    private boolean doneByAll(long seq, String subject) {
        for (Consumer c : consumers) {
            if (!c.isDone(seq, subject)) {
                return false;
            }
        }
        return true;
    }
}
