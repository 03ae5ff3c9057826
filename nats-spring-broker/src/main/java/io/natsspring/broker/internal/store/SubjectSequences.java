package io.natsspring.broker.internal.store;

import java.util.Arrays;

/**
 * The live sequences of one literal subject, ascending. While they are one run of consecutive sequences (a
 * single-subject stream, a key holding one message) only the run's first sequence and length are held; otherwise
 * a compact array window.
 */
final class SubjectSequences {

    final String subject;
    /** {@code null} while the sequences are the run {@code [first, first + size)}. */
    private long[] seqs;
    /** First sequence of the run while {@link #seqs} is {@code null}. */
    private long first;

    private int head;
    private int size;

    SubjectSequences(String subject) {
        this.subject = subject;
    }

    int count() {
        return size;
    }

    long first() {
        return size == 0 ? 0 : get(0);
    }

    long last() {
        return size == 0 ? 0 : get(size - 1);
    }

    /** The i-th live sequence, oldest first. */
    long get(int i) {
        return seqs == null ? first + i : seqs[head + i];
    }

    /** Appends a sequence greater than all held ones. */
    void add(long seq) {
        if (seqs == null) {
            if (size == 0) {
                first = seq;
                size = 1;
                return;
            }
            if (seq == first + size) {
                size++;
                return;
            }
            toArray(size + Math.max(2, size >>> 3));
        }
        if (head + size == seqs.length) {
            if (size * 2 <= seqs.length && head > 0) {
                System.arraycopy(seqs, head, seqs, 0, size);
            } else {
                long[] grown = new long[Math.max(4, size * 2)];
                System.arraycopy(seqs, head, grown, 0, size);
                seqs = grown;
            }
            head = 0;
        }
        seqs[head + size++] = seq;
    }

    /** Leaves the run representation for an array of {@code capacity} holding the run. */
    private void toArray(int capacity) {
        long[] a = new long[Math.max(4, capacity)];
        for (int i = 0; i < size; i++) {
            a[i] = first + i;
        }
        seqs = a;
        head = 0;
    }

    boolean remove(long seq) {
        if (size == 0) {
            return false;
        }
        if (seqs == null) {
            if (seq == first) {
                first++;
                size--;
                return true;
            }
            if (seq == first + size - 1) {
                size--;
                return true;
            }
            if (seq < first || seq >= first + size) {
                return false;
            }
            toArray(size);
        }
        if (seqs[head] == seq) {
            head++;
            size--;
        } else if (seqs[head + size - 1] == seq) {
            size--;
        } else {
            int i = Arrays.binarySearch(seqs, head, head + size, seq);
            if (i < 0) {
                return false;
            }
            System.arraycopy(seqs, i + 1, seqs, i, head + size - i - 1);
            size--;
        }
        if (size <= 1) {
            // one run again: a key's one message, or none
            first = size == 0 ? 0 : seqs[head];
            seqs = null;
            head = 0;
        } else if (seqs.length > 64 && size < seqs.length / 4) {
            seqs = Arrays.copyOfRange(seqs, head, head + Math.max(size * 2, 4));
            head = 0;
        }
        return true;
    }

    /** Index (0-based, oldest first) of the first held sequence {@code >= seq}; {@link #count()} if none. */
    int indexFrom(long seq) {
        if (seqs == null) {
            return seq <= first ? 0 : (int) Math.min(size, seq - first);
        }
        int i = Arrays.binarySearch(seqs, head, head + size, seq);
        return (i >= 0 ? i : -i - 1) - head;
    }

    /** First held sequence {@code >= seq}, or 0. */
    long nextFrom(long seq) {
        int i = indexFrom(seq);
        return i < size ? get(i) : 0;
    }

    /** Last held sequence {@code <= seq}, or 0. */
    long prevFrom(long seq) {
        int i = indexFrom(seq + 1) - 1;
        return i >= 0 ? get(i) : 0;
    }

    /** Number of held sequences {@code >= seq}. */
    int countFrom(long seq) {
        return size - indexFrom(seq);
    }
}
