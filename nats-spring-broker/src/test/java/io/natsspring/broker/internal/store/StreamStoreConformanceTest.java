package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link StreamStore} must show; subclasses supply the implementation. */
abstract class StreamStoreConformanceTest {

    protected final List<StreamStore> opened = new ArrayList<>();

    /** A fresh, empty store. */
    protected abstract StreamStore create(StoreLimits limits);

    /** The same store after a restart (file stores close and reopen; memory stores return it). */
    protected abstract StreamStore restart(StreamStore store);

    protected StreamStore create() {
        return create(StoreLimits.UNLIMITED);
    }

    @AfterEach
    void closeAll() {
        for (StreamStore s : opened) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static long put(StreamStore s, String subject, String payload) {
        return s.append(subject, null, b(payload), System.nanoTime());
    }

    @Test
    void appendAndLoad() {
        StreamStore s = create();
        byte[] hdr = b("NATS/1.0\r\nA: b\r\n\r\n");
        assertThat(s.append("orders.new", hdr, b("one"), 100)).isEqualTo(1);
        assertThat(s.append("orders.old", null, b("two"), 200)).isEqualTo(2);
        assertThat(s.append("orders.new", null, new byte[0], 300)).isEqualTo(3);
        s.flush();
        StoredMessage m = s.load(1);
        assertThat(m.seq()).isEqualTo(1);
        assertThat(m.subject()).isEqualTo("orders.new");
        assertThat(m.headers()).isEqualTo(hdr);
        assertThat(str(m.payload())).isEqualTo("one");
        assertThat(m.timestampNanos()).isEqualTo(100);
        assertThat(s.load(2).headers()).isNull();
        assertThat(s.load(3).payload()).isEmpty();
        assertThat(s.load(0)).isNull();
        assertThat(s.load(4)).isNull();
        StreamState st = s.state();
        assertThat(st.msgs()).isEqualTo(3);
        assertThat(st.firstSeq()).isEqualTo(1);
        assertThat(st.lastSeq()).isEqualTo(3);
        assertThat(st.firstTimestampNanos()).isEqualTo(100);
        assertThat(st.lastTimestampNanos()).isEqualTo(300);
        assertThat(st.numSubjects()).isEqualTo(2);
        assertThat(st.bytes()).isEqualTo((32 + 10 + hdr.length + 3) + (32 + 10 + 3) + (32 + 10));
        assertThat(s.storageBytes()).isGreaterThanOrEqualTo(st.bytes());
    }

    @Test
    void loadNextWithFilters() {
        StreamStore s = create();
        put(s, "a.1", "x"); // 1
        put(s, "b.1", "x"); // 2
        put(s, "a.2", "x"); // 3
        put(s, "a.1.z", "x"); // 4
        put(s, "c", "x"); // 5
        assertThat(s.loadNext(null, 0).seq()).isEqualTo(1);
        assertThat(s.loadNext(">", 2).seq()).isEqualTo(2);
        assertThat(s.loadNext("a.*", 2).seq()).isEqualTo(3);
        assertThat(s.loadNext("a.>", 4).seq()).isEqualTo(4);
        assertThat(s.loadNext("a.1", 2)).isNull();
        assertThat(s.loadNext("c", 1).seq()).isEqualTo(5);
        assertThat(s.loadNext("*.1", 2).seq()).isEqualTo(2);
        assertThat(s.loadNextAny(List.of("c", "b.*"), 1).seq()).isEqualTo(2);
        assertThat(s.loadNextAny(List.of("c", "b.*"), 3).seq()).isEqualTo(5);
        assertThat(s.loadNextAny(List.of("c", "a.1"), 1).seq()).isEqualTo(1);
        assertThat(s.loadNextAny(List.of(), 4).seq()).isEqualTo(4);
        assertThat(s.loadNext("zzz", 1)).isNull();
        s.delete(3, false);
        assertThat(s.loadNext("a.*", 2)).isNull();
        assertThat(s.loadNext(">", 3).seq()).isEqualTo(4);
        assertThat(s.loadPrev(">", 3).seq()).isEqualTo(2);
        assertThat(s.loadPrev("a.>", 5).seq()).isEqualTo(4);
    }

    @Test
    void wildcardQueriesWithManySubjects() {
        StreamStore s = create();
        for (int i = 0; i < 600; i++) {
            put(s, "k." + i, "v");
        }
        put(s, "other", "v");
        assertThat(s.numSubjects()).isEqualTo(601);
        assertThat(s.loadNext("k.*", 300).seq()).isEqualTo(300);
        assertThat(s.loadNext("other.>", 1)).isNull();
        assertThat(s.loadNext("*", 1).seq()).isEqualTo(601);
        assertThat(s.numPending("k.*", 501)).isEqualTo(100);
        assertThat(s.numPendingAny(List.of("k.*", "other"), 501)).isEqualTo(101);
        assertThat(s.loadLast("k.*").seq()).isEqualTo(600);
        assertThat(s.subjectCounts("k.1*")).isEmpty();
        assertThat(s.subjectCounts("k.*")).hasSize(600);
    }

    @Test
    void loadLastAndLastSequence() {
        StreamStore s = create();
        put(s, "kv.a", "1");
        put(s, "kv.b", "1");
        put(s, "kv.a", "2");
        put(s, "x", "1");
        assertThat(str(s.loadLast("kv.a").payload())).isEqualTo("2");
        assertThat(s.loadLast("kv.*").seq()).isEqualTo(3);
        assertThat(s.loadLast(">").seq()).isEqualTo(4);
        assertThat(s.loadLast("none")).isNull();
        assertThat(s.lastSequence("kv.a")).isEqualTo(3);
        assertThat(s.lastSequence("none")).isZero();
        s.delete(3, false);
        assertThat(s.loadLast("kv.a").seq()).isEqualTo(1);
        assertThat(s.lastSequence("kv.a")).isEqualTo(1);
    }

    @Test
    void sequenceForTime() {
        StreamStore s = create();
        for (int i = 1; i <= 10; i++) {
            s.append("t", null, b("m"), i * 1000L);
        }
        assertThat(s.sequenceForTime(0)).isEqualTo(1);
        assertThat(s.sequenceForTime(5000)).isEqualTo(5);
        assertThat(s.sequenceForTime(5001)).isEqualTo(6);
        assertThat(s.sequenceForTime(99999)).isEqualTo(11);
        s.delete(6, false);
        assertThat(s.sequenceForTime(5001)).isEqualTo(7);
        assertThat(s.firstTimestampNanos()).isEqualTo(1000);
    }

    @Test
    void subjectCountsAndPending() {
        StreamStore s = create();
        put(s, "a.1", "x");
        put(s, "a.2", "x");
        put(s, "a.1", "x");
        put(s, "b", "x");
        put(s, "a.1", "x");
        assertThat(s.count("a.1")).isEqualTo(3);
        assertThat(s.count("zz")).isZero();
        assertThat(s.subjectCounts("a.*")).isEqualTo(Map.of("a.1", 3L, "a.2", 1L));
        assertThat(s.subjectCounts(null)).hasSize(3);
        assertThat(s.subjectCounts("b")).isEqualTo(Map.of("b", 1L));
        assertThat(s.numPending(">", 0)).isEqualTo(5);
        assertThat(s.numPending(">", 3)).isEqualTo(3);
        assertThat(s.numPending("a.1", 2)).isEqualTo(2);
        assertThat(s.numPending("a.*", 2)).isEqualTo(3);
        assertThat(s.numPendingAny(List.of("b", "a.2"), 1)).isEqualTo(2);
        assertThat(s.numPending(">", 6)).isZero();
        s.delete(3, false);
        s.delete(1, false);
        assertThat(s.numPending(">", 0)).isEqualTo(3);
        assertThat(s.numPending(">", 2)).isEqualTo(3);
        assertThat(s.numPending(">", 4)).isEqualTo(2);
        assertThat(s.numPending("a.1", 0)).isEqualTo(1);
    }

    @Test
    void pendingOnLargeStreamWithGaps() {
        StreamStore s = create();
        for (int i = 0; i < 5000; i++) {
            put(s, "s." + (i % 7), "x");
        }
        for (long q = 10; q <= 5000; q += 10) {
            s.delete(q, false);
        }
        assertThat(s.numPending(">", 1)).isEqualTo(4500);
        assertThat(s.numPending(">", 4991)).isEqualTo(9);
        assertThat(s.numPending(">", 11)).isEqualTo(4500 - 9);
        assertThat(s.state().numDeleted()).isEqualTo(500);
        assertThat(s.deletedSequences()).hasSize(500).startsWith(10, 20);
    }

    @Test
    void lastPerSubject() {
        StreamStore s = create();
        put(s, "kv.a", "1"); // 1
        put(s, "kv.b", "1"); // 2
        put(s, "kv.a", "2"); // 3
        put(s, "x", "1"); // 4
        put(s, "kv.c", "1"); // 5
        assertThat(s.lastPerSubject("kv.>")).containsExactly(2, 3, 5);
        assertThat(s.lastPerSubject(null)).containsExactly(2, 3, 4, 5);
        assertThat(s.lastPerSubject("kv.a")).containsExactly(3);
        assertThat(s.lastPerSubject("nope")).isEmpty();
    }

    @Test
    void deleteWithAndWithoutErase() {
        StreamStore s = create();
        put(s, "a", "one");
        put(s, "a", "two");
        put(s, "b", "three");
        assertThat(s.delete(2, false)).isTrue();
        assertThat(s.delete(2, false)).isFalse();
        assertThat(s.delete(99, false)).isFalse();
        assertThat(s.delete(3, true)).isTrue();
        assertThat(s.load(2)).isNull();
        assertThat(s.load(3)).isNull();
        StreamState st = s.state();
        assertThat(st.msgs()).isEqualTo(1);
        assertThat(st.lastSeq()).isEqualTo(3);
        assertThat(st.numDeleted()).isEqualTo(2);
        assertThat(st.numSubjects()).isEqualTo(1);
        assertThat(s.deletedSequences()).containsExactly(2, 3);
        assertThat(s.delete(1, false)).isTrue();
        st = s.state();
        assertThat(st.msgs()).isZero();
        assertThat(st.firstSeq()).isEqualTo(4);
        assertThat(st.bytes()).isZero();
        assertThat(st.numDeleted()).isZero();
        assertThat(put(s, "a", "four")).isEqualTo(4);
    }

    @Test
    void purgeAllKeepsSequences() {
        StreamStore s = create();
        for (int i = 0; i < 10; i++) {
            put(s, "a." + i, "x");
        }
        assertThat(s.purge()).isEqualTo(10);
        StreamState st = s.state();
        assertThat(st.msgs()).isZero();
        assertThat(st.bytes()).isZero();
        assertThat(st.firstSeq()).isEqualTo(11);
        assertThat(st.lastSeq()).isEqualTo(10);
        assertThat(st.numSubjects()).isZero();
        s = restart(s);
        assertThat(s.state().lastSeq()).isEqualTo(10);
        assertThat(put(s, "a", "x")).isEqualTo(11);
        assertThat(s.state().firstSeq()).isEqualTo(11);
        assertThat(s.purge()).isEqualTo(1);
        assertThat(s.purge()).isZero();
    }

    @Test
    void purgeBySubject() {
        StreamStore s = create();
        put(s, "a.1", "x"); // 1
        put(s, "a.2", "x"); // 2
        put(s, "b", "x"); // 3
        put(s, "a.1", "x"); // 4
        assertThat(s.purge("a.1", 0, 0)).isEqualTo(2);
        assertThat(s.count("a.1")).isZero();
        assertThat(s.state().msgs()).isEqualTo(2);
        assertThat(s.purge("a.*", 0, 0)).isEqualTo(1);
        assertThat(s.state().firstSeq()).isEqualTo(3);
        assertThat(s.purge("nothing", 0, 0)).isZero();
    }

    @Test
    void purgeWithSequenceAndKeep() {
        StreamStore s = create();
        for (int i = 1; i <= 10; i++) {
            put(s, i % 2 == 0 ? "even" : "odd", "m" + i);
        }
        // below seq 6 on "even": 2, 4
        assertThat(s.purge("even", 6, 0)).isEqualTo(2);
        assertThat(s.count("even")).isEqualTo(3);
        // keep newest 1 of "odd" (1,3,5,7,9)
        assertThat(s.purge("odd", 0, 1)).isEqualTo(4);
        assertThat(s.lastSequence("odd")).isEqualTo(9);
        assertThat(s.count("odd")).isEqualTo(1);
        // keep larger than count: nothing
        assertThat(s.purge("even", 0, 5)).isZero();
        // wildcard with keep across subjects: msgs 6,8,9,10 -> keep 2 newest (9,10)
        assertThat(s.purge(">", 0, 2)).isEqualTo(2);
        assertThat(s.state().firstSeq()).isEqualTo(9);
        assertThat(s.state().msgs()).isEqualTo(2);
    }

    @Test
    void purgeAllBelowSequenceAndCombos() {
        StreamStore s = create();
        for (int i = 1; i <= 10; i++) {
            put(s, "s." + (i % 3), "m" + i);
        }
        assertThat(s.purge(null, 4, 0)).isEqualTo(3);
        assertThat(s.state().firstSeq()).isEqualTo(4);
        // seq + keep on a filter: candidates s.1 below 9 are 4,7; keep 2 of s.1 (4,7,10) -> remove just 4
        assertThat(s.purge("s.1", 9, 2)).isEqualTo(1);
        assertThat(s.load(4)).isNull();
        assertThat(s.load(7)).isNotNull();
        // all with seq and keep: keep 3 newest (8,9,10), below 9 -> removes 5,6,7 only... keep wins: boundary 8
        assertThat(s.purge(">", 9, 3)).isEqualTo(3);
        assertThat(s.state().firstSeq()).isEqualTo(8);
        assertThat(s.purge(null, 100, 0)).isEqualTo(3);
        assertThat(s.state().lastSeq()).isEqualTo(10);
        assertThat(put(s, "s", "x")).isEqualTo(11);
    }

    @Test
    void compact() {
        StreamStore s = create();
        for (int i = 1; i <= 10; i++) {
            put(s, "c", "m" + i);
        }
        assertThat(s.compact(5)).isEqualTo(4);
        assertThat(s.state().firstSeq()).isEqualTo(5);
        assertThat(s.state().msgs()).isEqualTo(6);
        assertThat(s.compact(3)).isZero();
        assertThat(s.compact(20)).isEqualTo(6);
        StreamState st = s.state();
        assertThat(st.firstSeq()).isEqualTo(20);
        assertThat(st.lastSeq()).isEqualTo(19);
        s = restart(s);
        assertThat(s.state().firstSeq()).isEqualTo(20);
        assertThat(put(s, "c", "x")).isEqualTo(20);
    }

    @Test
    void expireBefore() {
        StreamStore s = create();
        for (int i = 1; i <= 10; i++) {
            s.append("e", null, b("m"), i * 100L);
        }
        assertThat(s.expireBefore(550)).isEqualTo(5);
        assertThat(s.state().firstSeq()).isEqualTo(6);
        assertThat(s.firstTimestampNanos()).isEqualTo(600);
        assertThat(s.expireBefore(550)).isZero();
        assertThat(s.expireBefore(10_000)).isEqualTo(5);
        assertThat(s.firstTimestampNanos()).isZero();
    }

    @Test
    void maxMsgsEvictsOldest() {
        List<Long> removed = new ArrayList<>();
        StreamStore s = create(StoreLimits.UNLIMITED.withMaxMsgs(3));
        s.setRemovalListener((seq, subject) -> removed.add(seq));
        for (int i = 1; i <= 5; i++) {
            put(s, "m", "v" + i);
        }
        assertThat(s.state().msgs()).isEqualTo(3);
        assertThat(s.state().firstSeq()).isEqualTo(3);
        assertThat(removed).containsExactly(1L, 2L);
        s.updateLimits(StoreLimits.UNLIMITED.withMaxMsgs(1));
        assertThat(s.state().firstSeq()).isEqualTo(5);
        assertThat(removed).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void maxBytesEvictsOldest() {
        int size = 32 + 1 + 10;
        StreamStore s = create(StoreLimits.UNLIMITED.withMaxBytes(size * 4L));
        for (int i = 0; i < 10; i++) {
            put(s, "m", "0123456789");
        }
        assertThat(s.state().msgs()).isEqualTo(4);
        assertThat(s.state().bytes()).isEqualTo(size * 4L);
        assertThat(s.state().firstSeq()).isEqualTo(7);
    }

    @Test
    void maxMsgsPerSubjectEvictsOldestOfSubject() {
        AtomicBoolean sawRemoval = new AtomicBoolean();
        StreamStore s = create(StoreLimits.UNLIMITED.withMaxMsgsPerSubject(2));
        s.setRemovalListener((seq, subject) -> sawRemoval.set(subject.equals("kv.a")));
        put(s, "kv.a", "1"); // 1
        put(s, "kv.b", "1"); // 2
        put(s, "kv.a", "2"); // 3
        put(s, "kv.a", "3"); // 4 evicts 1
        put(s, "kv.b", "2"); // 5
        put(s, "kv.a", "4"); // 6 evicts 3
        assertThat(sawRemoval).isTrue();
        assertThat(s.load(1)).isNull();
        assertThat(s.load(3)).isNull();
        assertThat(s.count("kv.a")).isEqualTo(2);
        assertThat(s.count("kv.b")).isEqualTo(2);
        assertThat(s.state().firstSeq()).isEqualTo(2);
        assertThat(s.deletedSequences()).containsExactly(3);
        s.updateLimits(StoreLimits.UNLIMITED.withMaxMsgsPerSubject(1));
        assertThat(s.count("kv.a")).isEqualTo(1);
        assertThat(s.count("kv.b")).isEqualTo(1);
        assertThat(s.lastPerSubject(">")).containsExactly(5, 6);
    }

    @Test
    void maxAgeOnAppendAndUpdate() {
        StreamStore s = create(StoreLimits.UNLIMITED.withMaxAgeNanos(1000));
        s.append("a", null, b("1"), 1000);
        s.append("a", null, b("2"), 1500);
        s.append("a", null, b("3"), 2200);
        assertThat(s.state().firstSeq()).isEqualTo(2);
        long now = System.currentTimeMillis() * 1_000_000L - 10_000_000L;
        s.append("a", null, b("4"), now);
        assertThat(s.state().msgs()).isEqualTo(1);
        s.updateLimits(StoreLimits.UNLIMITED.withMaxAgeNanos(1));
        assertThat(s.state().msgs()).isZero();
        assertThat(s.state().lastSeq()).isEqualTo(4);
    }

    @Test
    void stateAcrossRestart() {
        StreamStore s = create();
        for (int i = 1; i <= 20; i++) {
            s.append("r." + (i % 4), i % 5 == 0 ? b("NATS/1.0\r\n\r\n") : null, b("p" + i), i);
        }
        s.delete(7, false);
        s.delete(8, true);
        s.purge("r.1", 0, 0);
        s.compact(3);
        StreamState before = s.state();
        long[] deleted = s.deletedSequences();
        Map<String, Long> counts = s.subjectCounts(null);
        s = restart(s);
        assertThat(s.state()).isEqualTo(before);
        assertThat(s.deletedSequences()).isEqualTo(deleted);
        assertThat(s.subjectCounts(null)).isEqualTo(counts);
        assertThat(str(s.load(20).payload())).isEqualTo("p20");
        assertThat(s.load(20).headers()).isNotNull();
        assertThat(s.append("r.0", null, b("x"), 21)).isEqualTo(21);
    }

    /**
     * The index's packed timestamps, sizes and locations at their edges: the clock going back, hours between
     * messages, a message above 64 KiB, many blocks; exact after deletes, compaction, purge and a restart.
     */
    @Test
    void timestampsAndSizesAtTheIndexEncodingEdges() {
        StreamStore s = create();
        long t0 = 1_765_000_000_000_000_000L;
        long[] ts = new long[399];
        int[] len = new int[399];
        long t = t0;
        for (int i = 1; i < ts.length; i++) {
            t += switch (i % 7) {
                case 0 -> -2_500_000_000L; // back by more than an int of nanos
                case 3 -> 7_200_000_000_000L; // two hours later
                default -> 1_000 + i;
            };
            ts[i] = t;
            len[i] = i == 150 ? 70_000 : 10 + i % 50;
            s.append(i % 2 == 0 ? "e.a" : "e.b", null, new byte[len[i]], ts[i]);
        }
        s.delete(100, false);
        s.delete(101, true);
        s.purge("e.a", 50, 0);
        s.compact(20);
        StreamState before = s.state();
        long[] deleted = s.deletedSequences();
        for (int round = 0; round < 2; round++) {
            assertThat(s.state()).isEqualTo(before);
            assertThat(s.deletedSequences()).isEqualTo(deleted);
            assertThat(s.firstTimestampNanos()).isEqualTo(ts[21]); // 20 was purged
            assertThat(s.state().lastTimestampNanos()).isEqualTo(ts[398]);
            for (int i = 20; i < ts.length; i++) {
                StoredMessage m = s.load(i);
                boolean gone = i == 100 || i == 101 || (i < 50 && i % 2 == 0);
                if (gone) {
                    assertThat(m).as("seq %d", i).isNull();
                    continue;
                }
                assertThat(m.timestampNanos()).as("ts of %d", i).isEqualTo(ts[i]);
                assertThat(m.payload()).as("payload of %d", i).hasSize(len[i]);
            }
            // the last two-hour jump is before seq 395: everything from there on is later
            assertThat(s.sequenceForTime(ts[395])).isEqualTo(395);
            assertThat(s.sequenceForTime(ts[398] + 1)).isEqualTo(399);
            s = restart(s);
        }
    }

    @Test
    void readersRunConcurrentlyWithWriter() throws Exception {
        StreamStore s = create(StoreLimits.UNLIMITED.withMaxMsgs(500));
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread t = new Thread(() -> {
                try {
                    while (!done.get()) {
                        StreamState st = s.state();
                        StoredMessage m = s.loadNext("w.*", st.firstSeq());
                        if (m != null) {
                            assertThat(str(m.payload())).isEqualTo("v" + m.seq());
                        }
                        s.numPending(">", st.lastSeq() - 10);
                        StoredMessage last = s.loadLast("w.1");
                        if (last != null) {
                            assertThat(last.subject()).isEqualTo("w.1");
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            readers.add(t);
        }
        for (int i = 1; i <= 5000; i++) {
            s.append("w." + (i % 3), null, b("v" + i), i);
            if (i % 50 == 0) {
                s.flush();
                s.delete(i - 7, false);
            }
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(s.state().lastSeq()).isEqualTo(5000);
    }
}
