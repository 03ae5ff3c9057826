package io.natsspring.broker.internal.store;

/**
 * A fixed-capacity column of exact {@code int} values held in 2 bytes each while they are below 65,536: the lower
 * 16 bits per slot, and for a chunk of {@value PackedLongColumn#CHUNK} slots holding a larger value the upper 16 bits
 * in a side array allocated for that chunk only.
 */
final class PackedIntColumn {

    private static final int CHUNK_SHIFT = PackedLongColumn.CHUNK_SHIFT;
    private static final int CHUNK = PackedLongColumn.CHUNK;
    private static final int CHUNK_MASK = CHUNK - 1;

    private final char[] low;
    /** Per chunk the upper halves of its values, or {@code null} while they all fit 16 bits. */
    private char[][] high;

    PackedIntColumn(int capacity) {
        low = new char[capacity];
    }

    int get(int i) {
        int v = low[i];
        if (high != null) {
            char[] h = high[i >>> CHUNK_SHIFT];
            if (h != null) {
                v |= h[i & CHUNK_MASK] << 16;
            }
        }
        return v;
    }

    /** Writes slot {@code i}, the next one after the last appended (or 0); a chunk's first slot resets the chunk. */
    void append(int i, int value) {
        if ((i & CHUNK_MASK) == 0 && high != null) {
            high[i >>> CHUNK_SHIFT] = null;
        }
        set(i, value);
    }

    void set(int i, int value) {
        low[i] = (char) value;
        int c = i >>> CHUNK_SHIFT;
        char[] h = high == null ? null : high[c];
        if (h == null) {
            if ((value >>> 16) == 0) {
                return;
            }
            if (high == null) {
                high = new char[(low.length + CHUNK_MASK) >>> CHUNK_SHIFT][];
            }
            h = new char[CHUNK];
            high[c] = h;
        }
        h[i & CHUNK_MASK] = (char) (value >>> 16);
    }
}
