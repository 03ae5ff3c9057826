package io.natsspring.broker.internal.store;

import java.util.Arrays;

/**
 * Dense per-sequence index over a window of sequences: per sequence a subject, timestamp, size, storage location
 * and optional object, held in compact columns (about 14 bytes per sequence with locations, see {@link IndexPage})
 * rather than an object per message. A slot whose subject is {@code null} is not live. The window only grows at the
 * tail and shrinks at the head.
 *
 * <p>The columns are pages of {@value #PAGE} entries (a small stream has one page that grows up to that size), so
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
    /** Pages held; only the first {@code pages} of the directory are used. */
    private int pages;

    private IndexPage[] dir;

    SequenceIndex(boolean withLocations, boolean withObjects) {
        this.withLocations = withLocations;
        this.withObjects = withObjects;
        reset();
    }

    private void reset() {
        dir = new IndexPage[1];
        dir[0] = newPage(FIRST);
        pages = 1;
    }

    private IndexPage newPage(int capacity) {
        return new IndexPage(capacity, withLocations, withObjects);
    }

    /** Capacity in slots of the pages held. */
    private int capacity() {
        return pages == 1 ? dir[0].capacity() : pages * PAGE;
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

    /**
     * Adds a live entry for {@code seq >= endSeq()}, padding skipped sequences with non-live slots (which carry the
     * entry's timestamp, so time searches stay ordered).
     */
    void add(long seq, SubjectSequences subject, long ts, int size, long location, Object object) {
        if (tail == head) {
            base = seq;
        }
        while (endSeq() <= seq) {
            if (tail == capacity()) {
                grow();
            }
            int s = tail++;
            boolean last = endSeq() > seq;
            dir[s >>> SHIFT].append(
                    s & MASK, last ? subject : null, ts, last ? size : 0, location, last ? object : null);
        }
    }

    /**
     * Makes room for one more slot at the tail: a lone page is compacted when half of it is dead head, grown while
     * below a page; otherwise a page is added.
     */
    private void grow() {
        if (pages == 1) {
            int n = tail - head;
            int len = dir[0].capacity();
            if (head > 0 && n * 2 <= len) {
                resizeFirst(len);
                return;
            }
            if (len < PAGE) {
                resizeFirst(Math.min(PAGE, len * 2));
                return;
            }
        }
        if (pages == dir.length) {
            dir = Arrays.copyOf(dir, pages * 2);
        }
        dir[pages++] = newPage(PAGE);
    }

    /** Drops every slot below {@code seq}; the window then starts at {@code seq}. */
    void dropBelow(long seq) {
        if (seq >= endSeq()) {
            clear(seq);
            return;
        }
        while (base < seq) {
            IndexPage page = dir[head >>> SHIFT];
            int i = head & MASK;
            page.subjects[i] = null;
            if (withObjects) {
                page.objects[i] = null;
            }
            head++;
            base++;
        }
        int free = head >>> SHIFT;
        if (free > 0) {
            dropPages(free);
        }
        int n = tail - head;
        int len = dir[0].capacity();
        if (pages == 1 && len > 1024 && n < len / 4) {
            resizeFirst(Math.max(FIRST, n * 2));
        }
    }

    /** Replaces the lone page by one of {@code capacity} slots holding the live window from slot 0. */
    private void resizeFirst(int capacity) {
        int n = tail - head;
        IndexPage old = dir[0];
        IndexPage page = newPage(capacity);
        for (int k = 0; k < n; k++) {
            page.appendFrom(k, old, head + k);
        }
        dir[0] = page;
        head = 0;
        tail = n;
    }

    /** Frees the first {@code n} pages (all below the head) and renumbers the slots. */
    private void dropPages(int n) {
        int left = pages - n;
        System.arraycopy(dir, n, dir, 0, left);
        Arrays.fill(dir, left, pages, null);
        pages = left;
        head -= n * PAGE;
        tail -= n * PAGE;
        if (dir.length > 4 && pages < dir.length / 4) {
            dir = Arrays.copyOf(dir, Math.max(4, pages * 2));
        }
    }

    /** Empties the window, which then starts at {@code seq}. */
    void clear(long seq) {
        if (pages > 1 || dir[0].capacity() > 1024) {
            reset();
        } else {
            Arrays.fill(dir[0].subjects, null);
            if (withObjects) {
                Arrays.fill(dir[0].objects, null);
            }
        }
        head = 0;
        tail = 0;
        base = seq;
    }

    boolean isLive(int slot) {
        return dir[slot >>> SHIFT].subjects[slot & MASK] != null;
    }

    SubjectSequences subject(int slot) {
        return dir[slot >>> SHIFT].subjects[slot & MASK];
    }

    long timestamp(int slot) {
        return dir[slot >>> SHIFT].timestamps.get(slot & MASK);
    }

    int size(int slot) {
        return dir[slot >>> SHIFT].sizes.get(slot & MASK);
    }

    long location(int slot) {
        return dir[slot >>> SHIFT].locations.get(slot & MASK);
    }

    void setLocation(int slot, long location) {
        dir[slot >>> SHIFT].locations.set(slot & MASK, location);
    }

    Object object(int slot) {
        return dir[slot >>> SHIFT].objects[slot & MASK];
    }

    /** Marks the slot not live (the timestamp is kept for time searches). */
    void kill(int slot) {
        IndexPage page = dir[slot >>> SHIFT];
        page.subjects[slot & MASK] = null;
        if (withObjects) {
            page.objects[slot & MASK] = null;
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
