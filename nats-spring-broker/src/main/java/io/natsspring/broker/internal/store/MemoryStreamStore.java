package io.natsspring.broker.internal.store;

import java.security.SecureRandom;

/**
 * A {@link StreamStore} kept entirely on the heap: the index arrays plus one {@link StoredMessage} per live
 * message (sharing the arrays given to {@code append}). {@code flush}/{@code sync} do nothing.
 */
public final class MemoryStreamStore extends AbstractStreamStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    public MemoryStreamStore(StoreLimits limits) {
        super(limits, false, true);
    }

    public MemoryStreamStore() {
        this(StoreLimits.UNLIMITED);
    }

    @Override
    protected long recordAppended(StoredMessage message, byte[] subjectUtf8, int size) {
        return 0;
    }

    @Override
    protected StoredMessage recordRead(long seq, int slot) {
        return (StoredMessage) index.seqs.object(slot);
    }

    @Override
    protected void recordRemoved(long seq, int slot, Removal why) {
        if (why == Removal.ERASE) {
            StoredMessage m = (StoredMessage) index.seqs.object(slot);
            RANDOM.nextBytes(m.payload());
            if (m.headers() != null) {
                RANDOM.nextBytes(m.headers());
            }
        }
    }

    @Override
    public long storageBytes() {
        readLock.lock();
        try {
            return index.bytes;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void flush() {}

    @Override
    public void sync() {}

    @Override
    public void close() {
        writeLock.lock();
        try {
            closed = true;
        } finally {
            writeLock.unlock();
        }
    }
}
