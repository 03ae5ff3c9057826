package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.store.StoreRemovalListener;
import java.util.Arrays;

/**
 * The sequences a stream's store removed (limit eviction, expiry, rollup, delete) since the consumers were last
 * told; past {@value #MAX_LISTED} only the fact that many were. Filled by the store on the writer thread.
 */
final class RemovedSequences implements StoreRemovalListener {

    /** Sentinel of {@link #take()}: too many to list, consumers should check everything. */
    static final long[] MANY = new long[0];

    private static final int MAX_LISTED = 1024;

    private long[] seqs = new long[16];
    private int size;
    private boolean many;

    @Override
    public synchronized void removed(long seq, String subject) {
        if (many) {
            return;
        }
        if (size == MAX_LISTED) {
            many = true;
            return;
        }
        if (size == seqs.length) {
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        seqs[size++] = seq;
    }

    synchronized boolean isEmpty() {
        return size == 0 && !many;
    }

    /** The sequences gathered (or {@link #MANY}), then starts over. */
    synchronized long[] take() {
        long[] out = many ? MANY : Arrays.copyOf(seqs, size);
        size = 0;
        many = false;
        return out;
    }

    /** Forgets what was gathered (removals the consumers already know about). */
    synchronized void clear() {
        size = 0;
        many = false;
    }
}
