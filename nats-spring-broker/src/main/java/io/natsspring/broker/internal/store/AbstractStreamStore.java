package io.natsspring.broker.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Everything both stores share: locking, limits, purge/compact/expiry logic and all queries, on top of a
 * {@link StoreIndex}. Subclasses only keep the message bodies (see the {@code record*} hooks), which are called
 * with the write lock held (reads with the read lock).
 */
abstract class AbstractStreamStore implements StreamStore {

    /** Why a message is removed, which decides what a persistent store has to write. */
    enum Removal {
        /** One message; must be recorded durably (tombstone). */
        SINGLE,
        /** One message whose body must be overwritten in storage. */
        ERASE,
        /** Part of a purge/compact already covered by {@link #persistFirstSeq(long)}. */
        BULK
    }

    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    protected final Lock readLock = rw.readLock();
    protected final Lock writeLock = rw.writeLock();
    protected final StoreIndex index;
    private StoreLimits limits;
    private volatile StoreRemovalListener listener;
    protected volatile boolean closed;

    protected AbstractStreamStore(StoreLimits limits, boolean withLocations, boolean withObjects) {
        this.limits = limits == null ? StoreLimits.UNLIMITED : limits;
        this.index = new StoreIndex(withLocations, withObjects);
    }

    /** Stores the body of a new message; returns its location for the index. */
    protected abstract long recordAppended(StoredMessage message, byte[] subjectUtf8, int size);

    /** Reads the live message in index {@code slot}; {@code null} if storage no longer has it intact. */
    protected abstract StoredMessage recordRead(long seq, int slot);

    /** The live message in {@code slot} is about to be removed for {@code why}. */
    protected abstract void recordRemoved(long seq, int slot, Removal why);

    /** A purge/compact is about to remove everything below {@code firstSeq}; persist that first. */
    protected void persistFirstSeq(long firstSeq) {}

    /** Called after any mutation that removed messages, still under the write lock. */
    protected void afterRemovals() {}

    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    @Override
    public long append(String subject, byte[] headers, byte[] payload, long timestampNanos) {
        byte[] subjectUtf8 = subject.getBytes(StandardCharsets.UTF_8);
        byte[] body = payload == null ? new byte[0] : payload;
        int size = StoredMessage.size(subjectUtf8.length, headers, body);
        writeLock.lock();
        try {
            ensureOpen();
            long seq = index.lastSeq + 1;
            StoredMessage m = new StoredMessage(seq, subject, headers, body, timestampNanos);
            long location = recordAppended(m, subjectUtf8, size);
            SubjectSequences ss = index.add(seq, subject, timestampNanos, size, location, m);
            long removed = enforceLimits(timestampNanos, ss);
            if (removed > 0) {
                afterRemovals();
            }
            return seq;
        } finally {
            writeLock.unlock();
        }
    }

    /** Applies the limits after an append to {@code appended} (or to all subjects when {@code null}). */
    private long enforceLimits(long nowNanos, SubjectSequences appended) {
        long removed = 0;
        long perSubject = limits.maxMsgsPerSubject();
        if (perSubject > 0) {
            if (appended != null) {
                while (appended.count() > perSubject) {
                    removed += removeSeq(appended.first(), Removal.SINGLE) ? 1 : 0;
                }
            } else {
                for (long s : index.lastPerSubject(SubjectFilter.of((String) null))) {
                    SubjectSequences ss = index.seqs.subject(index.seqs.slot(s));
                    while (ss.count() > perSubject) {
                        removed += removeSeq(ss.first(), Removal.SINGLE) ? 1 : 0;
                    }
                }
            }
        }
        if (limits.maxAgeNanos() > 0) {
            removed += expire(nowNanos - limits.maxAgeNanos());
        }
        if (limits.maxMsgs() > 0) {
            while (index.msgs > limits.maxMsgs()) {
                removed += removeSeq(index.firstSeq, Removal.SINGLE) ? 1 : 0;
            }
        }
        if (limits.maxBytes() > 0) {
            while (index.bytes > limits.maxBytes() && index.msgs > 0) {
                removed += removeSeq(index.firstSeq, Removal.SINGLE) ? 1 : 0;
            }
        }
        return removed;
    }

    private long expire(long cutoffNanos) {
        long removed = 0;
        while (index.msgs > 0 && index.seqs.timestamp(index.seqs.slot(index.firstSeq)) < cutoffNanos) {
            removed += removeSeq(index.firstSeq, Removal.SINGLE) ? 1 : 0;
        }
        return removed;
    }

    /** Removes one live sequence, telling storage and the listener. */
    protected final boolean removeSeq(long seq, Removal why) {
        int slot = index.liveSlot(seq);
        if (slot < 0) {
            return false;
        }
        String subject = index.seqs.subject(slot).subject;
        recordRemoved(seq, slot, why);
        index.remove(seq, slot);
        StoreRemovalListener l = listener;
        if (l != null) {
            l.removed(seq, subject);
        }
        return true;
    }

    @Override
    public boolean delete(long seq, boolean erase) {
        writeLock.lock();
        try {
            ensureOpen();
            boolean removed = removeSeq(seq, erase ? Removal.ERASE : Removal.SINGLE);
            if (removed) {
                afterRemovals();
            }
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long purge() {
        writeLock.lock();
        try {
            ensureOpen();
            return compactLocked(index.lastSeq + 1);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long compact(long seq) {
        writeLock.lock();
        try {
            ensureOpen();
            return compactLocked(seq);
        } finally {
            writeLock.unlock();
        }
    }

    private long compactLocked(long seq) {
        if (seq <= index.firstSeq && !(index.msgs == 0 && seq > index.lastSeq + 1)) {
            return 0;
        }
        persistFirstSeq(Math.max(seq, index.firstSeq));
        long removed = 0;
        while (index.msgs > 0 && index.firstSeq < seq) {
            removed += removeSeq(index.firstSeq, Removal.BULK) ? 1 : 0;
        }
        index.moveTo(seq);
        afterRemovals();
        return removed;
    }

    @Override
    public long purge(String filter, long upToSeqExclusive, long keep) {
        SubjectFilter f = SubjectFilter.of(filter);
        writeLock.lock();
        try {
            ensureOpen();
            if (f.isAll()) {
                long boundary =
                        upToSeqExclusive > 0 ? Math.min(upToSeqExclusive, index.lastSeq + 1) : index.lastSeq + 1;
                if (keep > 0) {
                    boundary = Math.min(boundary, index.seqKeepingNewest(keep));
                }
                return compactLocked(boundary);
            }
            long budget = Long.MAX_VALUE;
            if (keep > 0) {
                budget = index.matchingCount(f) - keep;
                if (budget <= 0) {
                    return 0;
                }
            }
            long removed = 0;
            for (long s : index.matchingSeqs(f, upToSeqExclusive)) {
                if (removed >= budget) {
                    break;
                }
                removed += removeSeq(s, Removal.SINGLE) ? 1 : 0;
            }
            if (removed > 0) {
                afterRemovals();
            }
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long expireBefore(long cutoffNanos) {
        writeLock.lock();
        try {
            ensureOpen();
            long removed = expire(cutoffNanos);
            if (removed > 0) {
                afterRemovals();
            }
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public StoreLimits limits() {
        readLock.lock();
        try {
            return limits;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void updateLimits(StoreLimits newLimits) {
        writeLock.lock();
        try {
            ensureOpen();
            limits = newLimits == null ? StoreLimits.UNLIMITED : newLimits;
            if (enforceLimits(System.currentTimeMillis() * 1_000_000L, null) > 0) {
                afterRemovals();
            }
        } finally {
            writeLock.unlock();
        }
        flush();
    }

    /** Enforces the limits on the current contents (used after recovery). */
    protected final void enforceLimitsNow() {
        if (enforceLimits(System.currentTimeMillis() * 1_000_000L, null) > 0) {
            afterRemovals();
        }
    }

    @Override
    public void setRemovalListener(StoreRemovalListener listener) {
        this.listener = listener;
    }

    private StoredMessage read(long seq) {
        ensureOpen();
        if (seq <= 0) {
            return null;
        }
        int slot = index.liveSlot(seq);
        return slot < 0 ? null : recordRead(seq, slot);
    }

    @Override
    public StoredMessage load(long seq) {
        readLock.lock();
        try {
            return read(seq);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public StoredMessage loadNext(String filter, long fromSeq) {
        return loadNext(SubjectFilter.of(filter), fromSeq);
    }

    @Override
    public StoredMessage loadNextAny(Collection<String> filters, long fromSeq) {
        return loadNext(SubjectFilter.of(filters), fromSeq);
    }

    private StoredMessage loadNext(SubjectFilter f, long fromSeq) {
        readLock.lock();
        try {
            return read(index.nextSeq(f, fromSeq));
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public StoredMessage loadPrev(String filter, long fromSeq) {
        readLock.lock();
        try {
            return read(index.prevSeq(SubjectFilter.of(filter), fromSeq));
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public StoredMessage loadLast(String subject) {
        readLock.lock();
        try {
            return read(index.prevSeq(SubjectFilter.of(subject), index.lastSeq));
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long sequenceForTime(long timestampNanos) {
        readLock.lock();
        try {
            return index.seqForTime(timestampNanos);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long lastSequence(String literalSubject) {
        readLock.lock();
        try {
            SubjectSequences ss = index.subjectOf(literalSubject);
            return ss == null ? 0 : ss.last();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long count(String literalSubject) {
        readLock.lock();
        try {
            SubjectSequences ss = index.subjectOf(literalSubject);
            return ss == null ? 0 : ss.count();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public Map<String, Long> subjectCounts(String filter) {
        readLock.lock();
        try {
            return index.subjectCounts(SubjectFilter.of(filter));
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public int numSubjects() {
        readLock.lock();
        try {
            return index.numSubjects();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long numPending(String filter, long fromSeq) {
        return numPending(SubjectFilter.of(filter), fromSeq);
    }

    @Override
    public long numPendingAny(Collection<String> filters, long fromSeq) {
        return numPending(SubjectFilter.of(filters), fromSeq);
    }

    private long numPending(SubjectFilter f, long fromSeq) {
        readLock.lock();
        try {
            return index.pending(f, fromSeq);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long[] lastPerSubject(String filter) {
        readLock.lock();
        try {
            return index.lastPerSubject(SubjectFilter.of(filter));
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long firstTimestampNanos() {
        readLock.lock();
        try {
            return index.firstTimestamp();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public StreamState state() {
        readLock.lock();
        try {
            return index.state();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long bytes() {
        readLock.lock();
        try {
            return index.bytes;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public long[] deletedSequences() {
        readLock.lock();
        try {
            return index.deleted();
        } finally {
            readLock.unlock();
        }
    }
}
