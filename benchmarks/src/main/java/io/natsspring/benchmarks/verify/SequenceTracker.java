package io.natsspring.benchmarks.verify;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one receiver got, by message sequence number (1-based). Written by a single thread; {@link #count()} is
 * safe to poll from others, and reading it publishes everything recorded before that count.
 */
public final class SequenceTracker {

    private final String name;
    private final BitSet seen = new BitSet();
    private final AtomicLong count = new AtomicLong();
    private long last;
    private long duplicates;
    private long outOfOrder;
    private long invalid;

    public SequenceTracker(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records one message. */
    public void record(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            invalid++;
        } else {
            if (seen.get((int) seq)) {
                duplicates++;
            }
            seen.set((int) seq);
            if (seq <= last) {
                outOfOrder++;
            }
            last = seq;
        }
        count.lazySet(count.get() + 1);
    }

    /** Messages recorded so far. */
    public long count() {
        return count.get();
    }

    BitSet seen() {
        return seen;
    }

    long duplicates() {
        return duplicates;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long invalid() {
        return invalid;
    }
}
