package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link SequenceIndex}'s paged arrays: a window moving on (discard-old), growing past many pages, shrinking and
 * clearing answers exactly as a plain map of sequences, and frees its head pages.
 */
class SequenceIndexPagingTest {

    private record Entry(long ts, int size, long location, Object object) {}

    private static final SubjectSequences SUBJECT = new SubjectSequences("a");

    @Test
    void aMovingWindowMatchesAMapOfSequences() {
        SequenceIndex index = new SequenceIndex(true, true);
        TreeMap<Long, Entry> model = new TreeMap<>();
        Random random = new Random(42);
        long next = 1;
        long first = 1;
        for (int round = 0; round < 60_000; round++) {
            int op = random.nextInt(100);
            if (op < 70) {
                long seq = next + (random.nextInt(20) == 0 ? random.nextInt(5) : 0);
                Entry e = new Entry(seq * 10, (int) (seq % 1000), seq * 7, "o" + seq);
                index.add(seq, SUBJECT, e.ts(), e.size(), e.location(), e.object());
                model.put(seq, e);
                next = seq + 1;
            } else if (op < 85) {
                long drop = first + random.nextInt(op < 80 ? 10 : 3_000);
                if (drop <= next) {
                    index.dropBelow(drop);
                    model.headMap(drop).clear();
                    first = drop;
                }
            } else if (op < 99) {
                if (!model.isEmpty()) {
                    long seq = model.firstKey() + random.nextInt((int) Math.min(100, next - model.firstKey()));
                    int slot = index.slot(seq);
                    if (slot >= 0 && index.isLive(slot)) {
                        index.kill(slot);
                    }
                    model.remove(seq);
                }
            } else if (random.nextInt(20) == 0) {
                next += random.nextInt(3);
                index.clear(next);
                model.clear();
                first = next;
            }
            if (round % 997 == 0) {
                check(index, model, Math.max(first, index.startSeq()), next);
            }
        }
        check(index, model, index.startSeq(), next);
    }

    private static void check(SequenceIndex index, TreeMap<Long, Entry> model, long from, long to) {
        for (long seq = from; seq < to; seq++) {
            int slot = index.slot(seq);
            Entry e = model.get(seq);
            if (e == null) {
                assertThat(slot < 0 || !index.isLive(slot))
                        .as("seq %d not live", seq)
                        .isTrue();
                continue;
            }
            assertThat(slot).as("seq %d", seq).isNotNegative();
            assertThat(index.isLive(slot)).isTrue();
            assertThat(index.timestamp(slot)).isEqualTo(e.ts());
            assertThat(index.size(slot)).isEqualTo(e.size());
            assertThat(index.location(slot)).isEqualTo(e.location());
            assertThat(index.object(slot)).isEqualTo(e.object());
            assertThat(index.firstSeqAtOrAfter(e.ts(), index.startSeq())).isLessThanOrEqualTo(seq);
        }
    }

    @Test
    void aLargeIndexGrowsByPagesAndGivesThemBackAsItsHeadMovesOn() {
        SequenceIndex index = new SequenceIndex(true, false);
        int n = 20 * SequenceIndex.PAGE + 123;
        for (long seq = 1; seq <= n; seq++) {
            index.add(seq, SUBJECT, seq, 1, seq, null);
        }
        assertThat(index.endSeq()).isEqualTo(n + 1L);
        assertThat(index.firstSeqAtOrAfter(5_000, 1)).isEqualTo(5_000);
        index.dropBelow(n - 10);
        assertThat(index.startSeq()).isEqualTo(n - 10L);
        for (long seq = n - 10; seq <= n; seq++) {
            assertThat(index.location(index.slot(seq))).isEqualTo(seq);
        }
        assertThat(index.slot(n - 11)).isNegative();
        // and on: a long discard-old run keeps slots small (renumbered as pages go)
        for (long seq = n + 1; seq <= 3L * n; seq++) {
            index.add(seq, SUBJECT, seq, 1, seq, null);
            index.dropBelow(seq - 100);
        }
        assertThat(index.slot(3L * n)).isLessThan(2 * SequenceIndex.PAGE);
        assertThat(index.location(index.slot(3L * n - 50))).isEqualTo(3L * n - 50);
    }
}
