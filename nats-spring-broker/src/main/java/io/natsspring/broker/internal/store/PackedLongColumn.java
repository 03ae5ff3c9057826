package io.natsspring.broker.internal.store;

/**
 * A fixed-capacity column of exact {@code long} values held in about 4 bytes each: slots are grouped in chunks of
 * {@value #CHUNK}; a chunk keeps its first value as a base and each slot the difference to it as an {@code int}. A
 * chunk whose differences do not fit (a timestamp gap of more than ~2.1 s, a location in the next block) gets the
 * upper 32 bits of its differences in a side array, allocated for that chunk only, so any value stays exact.
 *
 * <p>Slots are written in ascending order with {@link #append}; the first slot of a chunk sets its base. {@link #set}
 * rewrites a slot already appended.
 */
final class PackedLongColumn {

    static final int CHUNK_SHIFT = 6;
    /** Slots per chunk, each chunk with its own base. */
    static final int CHUNK = 1 << CHUNK_SHIFT;

    private static final int CHUNK_MASK = CHUNK - 1;

    private final long[] bases;
    private final int[] low;
    /** Per chunk the upper halves of its differences, or {@code null} while they all fit an int. */
    private int[][] high;

    PackedLongColumn(int capacity) {
        low = new int[capacity];
        bases = new long[(capacity + CHUNK_MASK) >>> CHUNK_SHIFT];
    }

    long get(int i) {
        int c = i >>> CHUNK_SHIFT;
        long d = low[i];
        if (high != null) {
            int[] h = high[c];
            if (h != null) {
                d = ((long) h[i & CHUNK_MASK] << 32) | (d & 0xFFFF_FFFFL);
            }
        }
        return bases[c] + d;
    }

    /** Writes slot {@code i}, the next one after the last appended (or 0); a chunk's first slot sets its base. */
    void append(int i, long value) {
        if ((i & CHUNK_MASK) == 0) {
            int c = i >>> CHUNK_SHIFT;
            bases[c] = value;
            low[i] = 0;
            if (high != null) {
                high[c] = null;
            }
            return;
        }
        set(i, value);
    }

    /** Rewrites slot {@code i} (its chunk's base was set by an earlier {@link #append}). */
    void set(int i, long value) {
        int c = i >>> CHUNK_SHIFT;
        long d = value - bases[c];
        int[] h = high == null ? null : high[c];
        if (h == null) {
            if (d == (int) d) {
                low[i] = (int) d;
                return;
            }
            h = widen(c);
        }
        low[i] = (int) d;
        h[i & CHUNK_MASK] = (int) (d >> 32);
    }

    private int[] widen(int c) {
        if (high == null) {
            high = new int[bases.length][];
        }
        int[] h = new int[CHUNK];
        int from = c << CHUNK_SHIFT;
        int to = Math.min(low.length, from + CHUNK);
        for (int i = from; i < to; i++) {
            h[i - from] = low[i] >> 31;
        }
        high[c] = h;
        return h;
    }
}
