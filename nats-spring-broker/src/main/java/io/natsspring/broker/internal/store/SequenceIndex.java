package io.natsspring.broker.internal.store;

/**
 * Dense per-sequence index over a window of sequences, held in parallel arrays (about 24 bytes per sequence
 * plus an optional object slot) rather than an object per message. A slot whose subject is {@code null} is not
 * live. The window only grows at the tail and shrinks at the head.
 */
final class SequenceIndex {

    private final boolean withLocations;
    private final boolean withObjects;
    private long base = 1;
    private int head;
    private int tail;
    private long[] timestamps;
    private SubjectSequences[] subjects;
    private int[] sizes;
    private long[] locations;
    private Object[] objects;

    SequenceIndex(boolean withLocations, boolean withObjects) {
        this.withLocations = withLocations;
        this.withObjects = withObjects;
        allocate(16);
    }

    private void allocate(int capacity) {
        timestamps = new long[capacity];
        subjects = new SubjectSequences[capacity];
        sizes = new int[capacity];
        locations = withLocations ? new long[capacity] : null;
        objects = withObjects ? new Object[capacity] : null;
    }

    /** Lowest sequence covered by the window. */
    long startSeq() {
        return base;
    }

    /** One past the highest sequence covered. */
    long endSeq() {
        return base + (tail - head);
    }

    /** Array slot of {@code seq}, or -1 outside the window. */
    int slot(long seq) {
        if (seq < base || seq >= endSeq()) {
            return -1;
        }
        return head + (int) (seq - base);
    }

    /** Adds a live entry for {@code seq >= endSeq()}, padding skipped sequences with non-live slots. */
    void add(long seq, SubjectSequences subject, long ts, int size, long location, Object object) {
        if (tail == head) {
            base = seq;
        }
        while (endSeq() <= seq) {
            if (tail == timestamps.length) {
                grow();
            }
            int s = tail++;
            timestamps[s] = ts;
            subjects[s] = null;
            sizes[s] = 0;
            if (withObjects) {
                objects[s] = null;
            }
        }
        int s = tail - 1;
        subjects[s] = subject;
        sizes[s] = size;
        if (withLocations) {
            locations[s] = location;
        }
        if (withObjects) {
            objects[s] = object;
        }
    }

    private void grow() {
        int n = tail - head;
        long[] ts = timestamps;
        SubjectSequences[] su = subjects;
        int[] si = sizes;
        long[] lo = locations;
        Object[] ob = objects;
        if (n * 2 <= ts.length && head > 0) {
            shift(ts, su, si, lo, ob, n);
        } else {
            allocate(Math.max(16, n * 2));
            shift(ts, su, si, lo, ob, n);
        }
    }

    private void shift(long[] ts, SubjectSequences[] su, int[] si, long[] lo, Object[] ob, int n) {
        System.arraycopy(ts, head, timestamps, 0, n);
        System.arraycopy(su, head, subjects, 0, n);
        System.arraycopy(si, head, sizes, 0, n);
        if (withLocations) {
            System.arraycopy(lo, head, locations, 0, n);
        }
        if (withObjects) {
            System.arraycopy(ob, head, objects, 0, n);
            for (int i = n; i < objects.length && i < tail; i++) {
                objects[i] = null;
            }
        }
        for (int i = n; i < subjects.length && i < tail; i++) {
            subjects[i] = null;
        }
        head = 0;
        tail = n;
    }

    /** Drops every slot below {@code seq}; the window then starts at {@code seq}. */
    void dropBelow(long seq) {
        if (seq >= endSeq()) {
            clear(seq);
            return;
        }
        while (base < seq) {
            subjects[head] = null;
            if (withObjects) {
                objects[head] = null;
            }
            head++;
            base++;
        }
        if (timestamps.length > 1024 && (tail - head) < timestamps.length / 4) {
            int n = tail - head;
            long[] ts = timestamps;
            SubjectSequences[] su = subjects;
            int[] si = sizes;
            long[] lo = locations;
            Object[] ob = objects;
            allocate(Math.max(16, n * 2));
            shift(ts, su, si, lo, ob, n);
        }
    }

    /** Empties the window, which then starts at {@code seq}. */
    void clear(long seq) {
        if (timestamps.length > 1024) {
            allocate(16);
        } else {
            java.util.Arrays.fill(subjects, null);
            if (withObjects) {
                java.util.Arrays.fill(objects, null);
            }
        }
        head = 0;
        tail = 0;
        base = seq;
    }

    boolean isLive(int slot) {
        return subjects[slot] != null;
    }

    SubjectSequences subject(int slot) {
        return subjects[slot];
    }

    long timestamp(int slot) {
        return timestamps[slot];
    }

    int size(int slot) {
        return sizes[slot];
    }

    long location(int slot) {
        return locations[slot];
    }

    void setLocation(int slot, long location) {
        locations[slot] = location;
    }

    Object object(int slot) {
        return objects[slot];
    }

    /** Marks the slot not live (the timestamp is kept for time searches). */
    void kill(int slot) {
        subjects[slot] = null;
        if (withObjects) {
            objects[slot] = null;
        }
    }

    /** First slot-sequence in [from, end) whose timestamp is {@code >= ts}, by binary search. */
    long firstSeqAtOrAfter(long ts, long from) {
        int lo = slot(Math.max(from, base));
        if (lo < 0) {
            return endSeq();
        }
        int hi = tail;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < ts) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return base + (lo - head);
    }
}
