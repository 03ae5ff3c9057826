package io.natsspring.broker.internal.store;

/**
 * Dense per-sequence index over a window of sequences, held in parallel arrays (24 bytes per sequence plus an
 * optional object slot) rather than an object per message. A slot whose subject is {@code null} is not live. The
 * window only grows at the tail and shrinks at the head.
 *
 * <p>The arrays are pages of {@value #PAGE} entries (a small stream has one page that grows up to that size), so
 * growing never copies the whole index (a copy needed the old and the new arrays at once: three times the index
 * for a moment, which a stream of a few million small messages could not afford on a small heap) and the head's
 * pages are freed as the window moves on. A slot is a position counted from the first page held; it stays valid
 * until the next {@link #add}, {@link #dropBelow} or {@link #clear}.
 */
final class SequenceIndex {

    static final int SHIFT = 12;
    /** Entries per page. */
    static final int PAGE = 1 << SHIFT;

    private static final int MASK = PAGE - 1;
    private static final int FIRST = 16;

    private final boolean withLocations;
    private final boolean withObjects;
    private long base = 1;
    private int head;
    private int tail;
    /** Pages held; only the first {@code pages} of each directory are used. */
    private int pages;

    private long[][] timestamps;
    private SubjectSequences[][] subjects;
    private int[][] sizes;
    private long[][] locations;
    private Object[][] objects;

    SequenceIndex(boolean withLocations, boolean withObjects) {
        this.withLocations = withLocations;
        this.withObjects = withObjects;
        reset();
    }

    private void reset() {
        timestamps = new long[1][];
        subjects = new SubjectSequences[1][];
        sizes = new int[1][];
        locations = withLocations ? new long[1][] : null;
        objects = withObjects ? new Object[1][] : null;
        pages = 1;
        allocatePage(0, FIRST);
    }

    private void allocatePage(int page, int capacity) {
        timestamps[page] = new long[capacity];
        subjects[page] = new SubjectSequences[capacity];
        sizes[page] = new int[capacity];
        if (withLocations) {
            locations[page] = new long[capacity];
        }
        if (withObjects) {
            objects[page] = new Object[capacity];
        }
    }

    /** Capacity in slots of the pages held. */
    private int capacity() {
        return pages == 1 ? timestamps[0].length : pages * PAGE;
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
            if (tail == capacity()) {
                grow();
            }
            int s = tail++;
            int p = s >>> SHIFT;
            int i = s & MASK;
            timestamps[p][i] = ts;
            subjects[p][i] = null;
            sizes[p][i] = 0;
            if (withObjects) {
                objects[p][i] = null;
            }
        }
        int s = tail - 1;
        int p = s >>> SHIFT;
        int i = s & MASK;
        subjects[p][i] = subject;
        sizes[p][i] = size;
        if (withLocations) {
            locations[p][i] = location;
        }
        if (withObjects) {
            objects[p][i] = object;
        }
    }

    /**
     * Makes room for one more slot at the tail: a lone page is compacted when half of it is dead head, grown while
     * below a page; otherwise a page is added.
     */
    private void grow() {
        if (pages == 1) {
            int n = tail - head;
            int len = timestamps[0].length;
            if (head > 0 && n * 2 <= len) {
                resizeFirst(len);
                return;
            }
            if (len < PAGE) {
                resizeFirst(Math.min(PAGE, len * 2));
                return;
            }
        }
        if (pages == timestamps.length) {
            int next = pages * 2;
            timestamps = java.util.Arrays.copyOf(timestamps, next);
            subjects = java.util.Arrays.copyOf(subjects, next);
            sizes = java.util.Arrays.copyOf(sizes, next);
            if (withLocations) {
                locations = java.util.Arrays.copyOf(locations, next);
            }
            if (withObjects) {
                objects = java.util.Arrays.copyOf(objects, next);
            }
        }
        allocatePage(pages++, PAGE);
    }

    /** Drops every slot below {@code seq}; the window then starts at {@code seq}. */
    void dropBelow(long seq) {
        if (seq >= endSeq()) {
            clear(seq);
            return;
        }
        while (base < seq) {
            int p = head >>> SHIFT;
            int i = head & MASK;
            subjects[p][i] = null;
            if (withObjects) {
                objects[p][i] = null;
            }
            head++;
            base++;
        }
        int free = head >>> SHIFT;
        if (free > 0) {
            dropPages(free);
        }
        int n = tail - head;
        if (pages == 1 && timestamps[0].length > 1024 && n < timestamps[0].length / 4) {
            resizeFirst(Math.max(FIRST, n * 2));
        }
    }

    /** Replaces the lone page by one of {@code capacity} slots holding the live window from slot 0. */
    private void resizeFirst(int capacity) {
        int n = tail - head;
        long[] ts = new long[capacity];
        SubjectSequences[] su = new SubjectSequences[capacity];
        int[] si = new int[capacity];
        System.arraycopy(timestamps[0], head, ts, 0, n);
        System.arraycopy(subjects[0], head, su, 0, n);
        System.arraycopy(sizes[0], head, si, 0, n);
        timestamps[0] = ts;
        subjects[0] = su;
        sizes[0] = si;
        if (withLocations) {
            long[] lo = new long[capacity];
            System.arraycopy(locations[0], head, lo, 0, n);
            locations[0] = lo;
        }
        if (withObjects) {
            Object[] ob = new Object[capacity];
            System.arraycopy(objects[0], head, ob, 0, n);
            objects[0] = ob;
        }
        head = 0;
        tail = n;
    }

    /** Frees the first {@code n} pages (all below the head) and renumbers the slots. */
    private void dropPages(int n) {
        int left = pages - n;
        System.arraycopy(timestamps, n, timestamps, 0, left);
        System.arraycopy(subjects, n, subjects, 0, left);
        System.arraycopy(sizes, n, sizes, 0, left);
        if (withLocations) {
            System.arraycopy(locations, n, locations, 0, left);
        }
        if (withObjects) {
            System.arraycopy(objects, n, objects, 0, left);
        }
        for (int p = left; p < pages; p++) {
            timestamps[p] = null;
            subjects[p] = null;
            sizes[p] = null;
            if (withLocations) {
                locations[p] = null;
            }
            if (withObjects) {
                objects[p] = null;
            }
        }
        pages = left;
        head -= n * PAGE;
        tail -= n * PAGE;
        if (timestamps.length > 4 && pages < timestamps.length / 4) {
            int next = Math.max(4, pages * 2);
            timestamps = java.util.Arrays.copyOf(timestamps, next);
            subjects = java.util.Arrays.copyOf(subjects, next);
            sizes = java.util.Arrays.copyOf(sizes, next);
            if (withLocations) {
                locations = java.util.Arrays.copyOf(locations, next);
            }
            if (withObjects) {
                objects = java.util.Arrays.copyOf(objects, next);
            }
        }
    }

    /** Empties the window, which then starts at {@code seq}. */
    void clear(long seq) {
        if (pages > 1 || timestamps[0].length > 1024) {
            reset();
        } else {
            java.util.Arrays.fill(subjects[0], null);
            if (withObjects) {
                java.util.Arrays.fill(objects[0], null);
            }
        }
        head = 0;
        tail = 0;
        base = seq;
    }

    boolean isLive(int slot) {
        return subjects[slot >>> SHIFT][slot & MASK] != null;
    }

    SubjectSequences subject(int slot) {
        return subjects[slot >>> SHIFT][slot & MASK];
    }

    long timestamp(int slot) {
        return timestamps[slot >>> SHIFT][slot & MASK];
    }

    int size(int slot) {
        return sizes[slot >>> SHIFT][slot & MASK];
    }

    long location(int slot) {
        return locations[slot >>> SHIFT][slot & MASK];
    }

    void setLocation(int slot, long location) {
        locations[slot >>> SHIFT][slot & MASK] = location;
    }

    Object object(int slot) {
        return objects[slot >>> SHIFT][slot & MASK];
    }

    /** Marks the slot not live (the timestamp is kept for time searches). */
    void kill(int slot) {
        subjects[slot >>> SHIFT][slot & MASK] = null;
        if (withObjects) {
            objects[slot >>> SHIFT][slot & MASK] = null;
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
            if (timestamp(mid) < ts) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return base + (lo - head);
    }
}
