package io.natsspring.broker.internal.jetstream.stream;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * When messages with a per-message TTL expire: a binary min-heap of (expiry, sequence) pairs in two primitive
 * arrays, so a million TTL'd messages cost 16 MB and adding or taking one is O(log n). Entries of messages removed
 * otherwise stay until they are due (they are skipped then) or until {@link #compact} drops them. Not thread-safe:
 * the stream's writer owns it.
 */
final class TtlSchedule {

    private static final int INITIAL_CAPACITY = 64;

    private long[] expires = new long[INITIAL_CAPACITY];
    private long[] seqs = new long[INITIAL_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    /** The earliest expiry, or {@link Long#MAX_VALUE} when empty. */
    long nextExpiry() {
        return size == 0 ? Long.MAX_VALUE : expires[0];
    }

    void add(long seq, long expiresNanos) {
        if (size == expires.length) {
            expires = Arrays.copyOf(expires, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (expires[parent] <= expiresNanos) {
                break;
            }
            expires[i] = expires[parent];
            seqs[i] = seqs[parent];
            i = parent;
        }
        expires[i] = expiresNanos;
        seqs[i] = seq;
    }

    /** Takes every entry due at {@code nowNanos}; returns their sequences, ascending. */
    long[] takeDue(long nowNanos) {
        long[] out = new long[8];
        int n = 0;
        while (size > 0 && expires[0] <= nowNanos) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = seqs[0];
            removeTop();
        }
        long[] due = Arrays.copyOf(out, n);
        Arrays.sort(due);
        return due;
    }

    /** Keeps only the entries whose sequence {@code live} accepts. */
    void compact(LongPredicate live) {
        long[] e = expires;
        long[] s = seqs;
        int n = size;
        expires = new long[Math.max(INITIAL_CAPACITY, n)];
        seqs = new long[expires.length];
        size = 0;
        for (int i = 0; i < n; i++) {
            if (live.test(s[i])) {
                add(s[i], e[i]);
            }
        }
    }

    void clear() {
        expires = new long[INITIAL_CAPACITY];
        seqs = new long[INITIAL_CAPACITY];
        size = 0;
    }

    private void removeTop() {
        size--;
        if (size == 0) {
            return;
        }
        long e = expires[size];
        long s = seqs[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && expires[child + 1] < expires[child]) {
                child++;
            }
            if (expires[child] >= e) {
                break;
            }
            expires[i] = expires[child];
            seqs[i] = seqs[child];
            i = child;
        }
        expires[i] = e;
        seqs[i] = s;
    }
}
