package io.natsspring.broker.internal.store;

import java.util.Arrays;

/** The live sequences of one literal subject, ascending, in a compact array window. */
final class SubjectSequences {

    final String subject;
    private long[] seqs = new long[2];
    private int head;
    private int size;

    SubjectSequences(String subject) {
        this.subject = subject;
    }

    int count() {
        return size;
    }

    long first() {
        return size == 0 ? 0 : seqs[head];
    }

    long last() {
        return size == 0 ? 0 : seqs[head + size - 1];
    }

    /** The i-th live sequence, oldest first. */
    long get(int i) {
        return seqs[head + i];
    }

    /** Appends a sequence greater than all held ones. */
    void add(long seq) {
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

    boolean remove(long seq) {
        if (size == 0) {
            return false;
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
        if (size == 0) {
            head = 0;
        } else if (seqs.length > 64 && size < seqs.length / 4) {
            seqs = Arrays.copyOfRange(seqs, head, head + Math.max(size * 2, 4));
            head = 0;
        }
        return true;
    }

    /** Index (0-based, oldest first) of the first held sequence {@code >= seq}; {@link #count()} if none. */
    int indexFrom(long seq) {
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
