package io.natsspring.broker.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory bookkeeping shared by both stores: which sequences are live, their subjects, sizes, timestamps
 * and storage locations, per-subject sequence lists, and the stream counters. Answers every query in terms of
 * sequences; reading message bodies is the store's business. Not thread-safe: the owning store locks.
 */
final class StoreIndex {

    /** Above this many subjects, wildcard queries scan sequences instead of walking every subject. */
    private static final int SUBJECT_WALK_LIMIT = 256;

    final SequenceIndex seqs;
    private final Map<String, SubjectSequences> subjects = new HashMap<>();
    long firstSeq = 1;
    long lastSeq;
    long lastTs;
    long msgs;
    long bytes;

    StoreIndex(boolean withLocations, boolean withObjects) {
        seqs = new SequenceIndex(withLocations, withObjects);
    }

    /** Records a live message with {@code seq > lastSeq}. Returns its subject list. */
    SubjectSequences add(long seq, String subject, long ts, int size, long location, Object object) {
        SubjectSequences ss = subjects.computeIfAbsent(subject, SubjectSequences::new);
        ss.add(seq);
        if (msgs == 0) {
            firstSeq = seq;
        }
        seqs.add(seq, ss, ts, size, location, object);
        msgs++;
        bytes += size;
        lastSeq = seq;
        lastTs = ts;
        return ss;
    }

    /** Slot of a live sequence, or -1. */
    int liveSlot(long seq) {
        int slot = seqs.slot(seq);
        return slot >= 0 && seqs.isLive(slot) ? slot : -1;
    }

    SubjectSequences subjectOf(String literal) {
        return subjects.get(literal);
    }

    /** Forgets the live message in {@code slot} (holding {@code seq}). */
    void remove(long seq, int slot) {
        SubjectSequences ss = seqs.subject(slot);
        ss.remove(seq);
        if (ss.count() == 0) {
            subjects.remove(ss.subject);
        }
        bytes -= seqs.size(slot);
        msgs--;
        seqs.kill(slot);
        if (msgs == 0) {
            firstSeq = lastSeq + 1;
            seqs.clear(firstSeq);
        } else if (seq == firstSeq) {
            long s = seq + 1;
            while (seqs.isLive(seqs.slot(s)) == false) {
                s++;
            }
            firstSeq = s;
            seqs.dropBelow(s);
        }
    }

    /** Moves an empty stream forward so the next sequence is {@code nextSeq}. */
    void moveTo(long nextSeq) {
        if (msgs == 0 && nextSeq > lastSeq + 1) {
            lastSeq = nextSeq - 1;
            firstSeq = nextSeq;
            seqs.clear(nextSeq);
        }
    }

    /** After recovery: the last sequence ever assigned may exceed the last live one. */
    void restoreLast(long seq, long ts) {
        if (seq > lastSeq) {
            lastSeq = seq;
            lastTs = ts;
            if (msgs == 0) {
                firstSeq = seq + 1;
                seqs.clear(firstSeq);
            }
        }
    }

    int numSubjects() {
        return subjects.size();
    }

    long numDeleted() {
        return msgs == 0 ? 0 : lastSeq - firstSeq + 1 - msgs;
    }

    long firstTimestamp() {
        return msgs == 0 ? 0 : seqs.timestamp(seqs.slot(firstSeq));
    }

    StreamState state() {
        return new StreamState(msgs, bytes, firstSeq, firstTimestamp(), lastSeq, lastTs, subjects.size(), numDeleted());
    }

    long[] deleted() {
        if (numDeleted() == 0) {
            return new long[0];
        }
        long[] out = new long[(int) numDeleted()];
        int n = 0;
        for (long s = firstSeq; s <= lastSeq; s++) {
            int slot = seqs.slot(s);
            if (slot < 0 || !seqs.isLive(slot)) {
                out[n++] = s;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private List<SubjectSequences> matching(SubjectFilter f) {
        List<SubjectSequences> out = new ArrayList<>();
        if (f.allLiteral()) {
            for (String lit : new LinkedHashSet<>(Arrays.asList(f.literals()))) {
                SubjectSequences ss = subjects.get(lit);
                if (ss != null) {
                    out.add(ss);
                }
            }
        } else {
            for (SubjectSequences ss : subjects.values()) {
                if (f.matches(ss.subject)) {
                    out.add(ss);
                }
            }
        }
        return out;
    }

    private boolean walkSubjects(SubjectFilter f, long rangeLength) {
        return f.allLiteral() || subjects.size() <= Math.min(SUBJECT_WALK_LIMIT, rangeLength);
    }

    /** Memoizes filter matches per subject list during one sequence scan. */
    private static final class MatchMemo {
        private final SubjectFilter filter;
        private final Map<SubjectSequences, Boolean> seen = new HashMap<>();

        MatchMemo(SubjectFilter filter) {
            this.filter = filter;
        }

        boolean test(SubjectSequences ss) {
            return filter.isAll() || seen.computeIfAbsent(ss, k -> filter.matches(k.subject));
        }
    }

    /** First live matching sequence {@code >= from}, or 0. */
    long nextSeq(SubjectFilter f, long from) {
        from = Math.max(from, firstSeq);
        if (msgs == 0 || from > lastSeq) {
            return 0;
        }
        if (!f.isAll() && walkSubjects(f, lastSeq - from + 1)) {
            long best = 0;
            for (SubjectSequences ss : matching(f)) {
                long n = ss.nextFrom(from);
                if (n != 0 && (best == 0 || n < best)) {
                    best = n;
                }
            }
            return best;
        }
        MatchMemo memo = new MatchMemo(f);
        long end = seqs.endSeq();
        for (long s = from; s < end; s++) {
            SubjectSequences ss = seqs.subject(seqs.slot(s));
            if (ss != null && memo.test(ss)) {
                return s;
            }
        }
        return 0;
    }

    /** Last live matching sequence {@code <= from}, or 0. */
    long prevSeq(SubjectFilter f, long from) {
        from = Math.min(from, lastSeq);
        if (msgs == 0 || from < firstSeq) {
            return 0;
        }
        if (!f.isAll() && walkSubjects(f, from - firstSeq + 1)) {
            long best = 0;
            for (SubjectSequences ss : matching(f)) {
                best = Math.max(best, ss.prevFrom(from));
            }
            return best;
        }
        MatchMemo memo = new MatchMemo(f);
        for (long s = Math.min(from, seqs.endSeq() - 1); s >= firstSeq; s--) {
            SubjectSequences ss = seqs.subject(seqs.slot(s));
            if (ss != null && memo.test(ss)) {
                return s;
            }
        }
        return 0;
    }

    /** Live matching messages with {@code seq >= from}. */
    long pending(SubjectFilter f, long from) {
        from = Math.max(from, firstSeq);
        if (msgs == 0 || from > lastSeq) {
            return 0;
        }
        if (f.isAll()) {
            if (numDeleted() == 0) {
                return lastSeq - from + 1;
            }
            if (lastSeq - from < from - firstSeq) {
                return countLive(from, lastSeq + 1);
            }
            return msgs - countLive(firstSeq, from);
        }
        if (walkSubjects(f, lastSeq - from + 1)) {
            long n = 0;
            for (SubjectSequences ss : matching(f)) {
                n += ss.countFrom(from);
            }
            return n;
        }
        MatchMemo memo = new MatchMemo(f);
        long n = 0;
        long end = seqs.endSeq();
        for (long s = from; s < end; s++) {
            SubjectSequences ss = seqs.subject(seqs.slot(s));
            if (ss != null && memo.test(ss)) {
                n++;
            }
        }
        return n;
    }

    private long countLive(long from, long toExclusive) {
        long n = 0;
        long end = Math.min(toExclusive, seqs.endSeq());
        for (long s = Math.max(from, seqs.startSeq()); s < end; s++) {
            if (seqs.isLive(seqs.slot(s))) {
                n++;
            }
        }
        return n;
    }

    /** Live messages matching {@code f} (all of them, regardless of sequence). */
    long matchingCount(SubjectFilter f) {
        if (f.isAll()) {
            return msgs;
        }
        long n = 0;
        for (SubjectSequences ss : matching(f)) {
            n += ss.count();
        }
        return n;
    }

    /** Live matching sequences below {@code toExclusive} (0 = no bound), ascending. */
    long[] matchingSeqs(SubjectFilter f, long toExclusive) {
        long bound = toExclusive > 0 ? toExclusive : Long.MAX_VALUE;
        List<SubjectSequences> list = matching(f);
        int total = 0;
        for (SubjectSequences ss : list) {
            total += ss.count();
        }
        long[] out = new long[total];
        int n = 0;
        for (SubjectSequences ss : list) {
            for (int i = 0, c = ss.count(); i < c; i++) {
                long s = ss.get(i);
                if (s >= bound) {
                    break;
                }
                out[n++] = s;
            }
        }
        out = Arrays.copyOf(out, n);
        if (list.size() > 1) {
            Arrays.sort(out);
        }
        return out;
    }

    /** First live sequence with timestamp {@code >= ts}, or {@code lastSeq + 1}. */
    long seqForTime(long ts) {
        if (msgs == 0) {
            return lastSeq + 1;
        }
        long end = seqs.endSeq();
        for (long s = seqs.firstSeqAtOrAfter(ts, firstSeq); s < end; s++) {
            if (seqs.isLive(seqs.slot(s))) {
                return s;
            }
        }
        return lastSeq + 1;
    }

    Map<String, Long> subjectCounts(SubjectFilter f) {
        Map<String, Long> out = new TreeMap<>();
        for (SubjectSequences ss : f.isAll() ? subjects.values() : matching(f)) {
            out.put(ss.subject, (long) ss.count());
        }
        return out;
    }

    long[] lastPerSubject(SubjectFilter f) {
        List<SubjectSequences> list = f.isAll() ? new ArrayList<>(subjects.values()) : matching(f);
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).last();
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * The sequence such that exactly {@code keep} live messages lie at or above it (the {@code keep}-th newest),
     * or {@code firstSeq} when there are no more than {@code keep}.
     */
    long seqKeepingNewest(long keep) {
        if (keep >= msgs) {
            return firstSeq;
        }
        long seen = 0;
        for (long s = seqs.endSeq() - 1; s >= firstSeq; s--) {
            if (seqs.isLive(seqs.slot(s)) && ++seen == keep) {
                return s;
            }
        }
        return firstSeq;
    }
}
