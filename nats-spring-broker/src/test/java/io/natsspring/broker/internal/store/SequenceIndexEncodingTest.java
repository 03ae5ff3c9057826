package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link SequenceIndex}'s packed columns hold every value exactly at the encoding's edges: timestamps going
 * backwards or jumping by hours (differences beyond an int within a chunk), locations moving to the next block
 * (block id in the upper half), sizes above 16 bits, a location rewritten by compaction, and all of it across chunk
 * and page boundaries, the lone page's resizing, head drops and clears.
 */
class SequenceIndexEncodingTest {

    private record Entry(long ts, int size, long location) {}

    private static final SubjectSequences SUBJECT = new SubjectSequences("a");

    @Test
    void extremeValuesStayExact() {
        SequenceIndex index = new SequenceIndex(true, false);
        TreeMap<Long, Entry> model = new TreeMap<>();
        Random random = new Random(7);
        long ts = 1_765_000_000_000_000_000L;
        int block = 1;
        long offset = 0;
        long first = 1;
        long next = 1;
        for (int round = 0; round < 80_000; round++) {
            int op = random.nextInt(100);
            if (op < 80) {
                ts += switch (random.nextInt(10)) {
                    case 0 -> -random.nextInt(1_000_000_000); // the clock went back
                    case 1 -> 3_600_000_000_000L * (1 + random.nextInt(48)); // hours idle
                    case 2 -> Integer.MAX_VALUE + (long) random.nextInt(10); // just past an int
                    case 3 -> -4_000_000_000L; // back by more than an int
                    default -> random.nextInt(50_000);
                };
                int size = switch (random.nextInt(8)) {
                    case 0 -> 65_535 + random.nextInt(3);
                    case 1 -> 1 + random.nextInt(8 << 20);
                    default -> random.nextInt(300);
                };
                if (random.nextInt(50) == 0) {
                    block++;
                    offset = 0;
                }
                long location = ((long) block << 32) | offset;
                offset += size % 4096 + 1;
                long seq = next + (random.nextInt(30) == 0 ? random.nextInt(80) : 0);
                index.add(seq, SUBJECT, ts, size, location, null);
                model.put(seq, new Entry(ts, size, location));
                next = seq + 1;
            } else if (op < 90) {
                if (!model.isEmpty()) {
                    long seq = model.firstKey() + random.nextInt((int) Math.min(200, next - model.firstKey()));
                    Entry e = model.get(seq);
                    if (e != null) {
                        // compaction moves a record within its block, or a block renumbered far away
                        long moved = random.nextBoolean()
                                ? e.location() & ~0xFFFFL
                                : ((long) (block + 1_000) << 32) | random.nextInt(Integer.MAX_VALUE);
                        index.setLocation(index.slot(seq), moved);
                        model.put(seq, new Entry(e.ts(), e.size(), moved));
                    }
                }
            } else if (op < 99) {
                long drop = first + random.nextInt(op < 97 ? 40 : 6_000);
                if (drop <= next) {
                    index.dropBelow(drop);
                    model.headMap(drop).clear();
                    first = drop;
                }
            } else if (random.nextInt(10) == 0) {
                next += random.nextInt(3);
                index.clear(next);
                model.clear();
                first = next;
            }
            if (round % 1_999 == 0) {
                check(index, model, Math.max(first, index.startSeq()), next);
            }
        }
        check(index, model, index.startSeq(), next);
    }

    private static void check(SequenceIndex index, TreeMap<Long, Entry> model, long from, long to) {
        for (long seq = from; seq < to; seq++) {
            Entry e = model.get(seq);
            int slot = index.slot(seq);
            if (e == null) {
                assertThat(slot < 0 || !index.isLive(slot))
                        .as("seq %d not live", seq)
                        .isTrue();
                continue;
            }
            assertThat(index.isLive(slot)).as("seq %d live", seq).isTrue();
            assertThat(index.timestamp(slot)).as("ts of %d", seq).isEqualTo(e.ts());
            assertThat(index.size(slot)).as("size of %d", seq).isEqualTo(e.size());
            assertThat(index.location(slot)).as("location of %d", seq).isEqualTo(e.location());
        }
    }

    @Test
    void timeSearchOverGapsAndChunkBoundaries() {
        SequenceIndex index = new SequenceIndex(false, false);
        long t0 = 1_765_000_000_000_000_000L;
        int n = 3 * SequenceIndex.PAGE + 17;
        for (int i = 1; i <= n; i++) {
            // every 100th message comes after a 10 s pause: chunks with and without wide differences
            long ts = t0 + i * 1_000L + (i / 100) * 10_000_000_000L;
            index.add(i, SUBJECT, ts, i, 0, null);
        }
        for (int i = 1; i <= n; i += 37) {
            long ts = t0 + i * 1_000L + (i / 100) * 10_000_000_000L;
            assertThat(index.firstSeqAtOrAfter(ts, 1)).isEqualTo(i);
            assertThat(index.firstSeqAtOrAfter(ts - 1, 1)).isEqualTo(i);
            assertThat(index.firstSeqAtOrAfter(ts + 1, 1)).isEqualTo(i + 1L);
            assertThat(index.size(index.slot(i))).isEqualTo(i);
        }
        assertThat(index.firstSeqAtOrAfter(Long.MAX_VALUE, 1)).isEqualTo(n + 1L);
    }

    @Test
    void subjectSequencesAsRunAndArrayMatchASet() {
        SubjectSequences ss = new SubjectSequences("a");
        java.util.TreeSet<Long> model = new java.util.TreeSet<>();
        Random random = new Random(11);
        long next = 1;
        for (int round = 0; round < 50_000; round++) {
            int op = random.nextInt(100);
            if (op < 55) {
                next += random.nextInt(8) == 0 ? 1 + random.nextInt(5) : 0;
                ss.add(next);
                model.add(next++);
            } else if (!model.isEmpty()) {
                long seq = op < 75
                        ? model.first()
                        : op < 85 ? model.last() : model.first() + random.nextInt((int) (next - model.first()));
                assertThat(ss.remove(seq)).isEqualTo(model.remove(seq));
            }
            assertThat(ss.count()).isEqualTo(model.size());
            if (round % 101 == 0 || model.size() < 3) {
                assertThat(ss.first()).isEqualTo(model.isEmpty() ? 0 : model.first());
                assertThat(ss.last()).isEqualTo(model.isEmpty() ? 0 : model.last());
                long probe = Math.max(0, next - random.nextInt(40) - 1);
                Long ceil = model.ceiling(probe);
                Long floor = model.floor(probe);
                assertThat(ss.nextFrom(probe)).isEqualTo(ceil == null ? 0 : ceil);
                assertThat(ss.prevFrom(probe)).isEqualTo(floor == null ? 0 : floor);
                assertThat(ss.countFrom(probe)).isEqualTo(model.tailSet(probe).size());
                int i = 0;
                boolean same = true;
                for (long s : model) {
                    same &= ss.get(i++) == s;
                }
                assertThat(same).as("sequences after round %d", round).isTrue();
            }
        }
    }
}
