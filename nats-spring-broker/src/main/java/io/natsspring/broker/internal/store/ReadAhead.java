package io.natsspring.broker.internal.store;

import java.io.IOException;

/**
 * Read-ahead for sequential record reads of one file store (a consumer draining a stream): when a read starts
 * where the previous one ended, the next {@value #WINDOW} bytes of the block file are read at once and the
 * following records are served from them, instead of one positional read (a system call) per record. Holds at
 * most one window per store, so at most {@value #WINDOW} bytes; random reads (direct get, KV) read just their
 * record and keep no window.
 *
 * <p>A window is an immutable snapshot of file bytes below the block's written size; appends never change those
 * bytes and every in-place change (overwrite, truncate, rewrite) bumps the block's generation, which retires the
 * window. Thread-safe: concurrent readers run under the store's read lock and publish windows through one
 * volatile field; a lost race only costs a read.
 *
 * <p>A window nobody read from between two {@link #releaseIfIdle()} calls (the store's periodic sync) is dropped,
 * so a drained or idle stream keeps no window.
 */
final class ReadAhead {

    /** Bytes read ahead at once. */
    static final int WINDOW = 32 * 1024;
    /** Records larger than this are read on their own. */
    static final int MAX_RECORD = 4 * 1024;
    /** A read this close behind the previous one still counts as sequential (skipped tombstones, deletes). */
    private static final int GAP = 1024;

    private volatile Window window;
    private volatile Window lastRead;
    /** Set by every read, cleared by {@link #releaseIfIdle()}; plain: a stale value only delays a release. */
    private boolean used;

    /** Where a record's bytes are: {@code bytes[index .. index + size)}. */
    record Slice(byte[] bytes, int index) {}

    /** Reads the {@code size}-byte record at {@code offset} of the plain, written part of {@code b}. */
    Slice read(MessageBlock b, long offset, int size) throws IOException {
        if (size > MAX_RECORD || b.isCompressed()) {
            return new Slice(b.read(offset, size), 0);
        }
        used = true;
        int generation = b.generation();
        Window w = window;
        if (w != null && w.covers(b, generation, offset, size)) {
            return new Slice(w.bytes, (int) (offset - w.start));
        }
        Window last = lastRead;
        boolean sequential =
                w != null && w.follows(b, generation, offset) || last != null && last.follows(b, generation, offset);
        if (sequential) {
            byte[] bytes = new byte[WINDOW];
            int n = b.readAhead(bytes, offset, size);
            if (n >= size) {
                Window next = new Window(b, generation, offset, bytes, n);
                window = next;
                return new Slice(bytes, 0);
            }
        }
        byte[] rec = b.read(offset, size);
        lastRead = new Window(b, generation, offset, null, size);
        return new Slice(rec, 0);
    }

    /**
     * Drops the window when no read came since the previous call; returns whether one was dropped. Called
     * periodically, so an idle store gives its window back within two periods.
     */
    boolean releaseIfIdle() {
        if (used) {
            used = false;
            return false;
        }
        boolean had = window != null;
        window = null;
        lastRead = null;
        return had;
    }

    /** Whether a window is held (for tests). */
    boolean holdsWindow() {
        return window != null;
    }

    /** Forgets any window (the store closes or is rewritten wholesale). */
    void clear() {
        window = null;
        lastRead = null;
    }

    private record Window(MessageBlock block, int generation, long start, byte[] bytes, int length) {

        boolean covers(MessageBlock b, int gen, long offset, int size) {
            return block == b && generation == gen && offset >= start && offset + size <= start + length;
        }

        boolean follows(MessageBlock b, int gen, long offset) {
            long end = start + length;
            return block == b && generation == gen && offset >= start && offset - end <= GAP;
        }
    }
}
