package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerJournalTest {

    @TempDir
    Path dir;

    private static ConsumerStateFile.State state(long floor) {
        return new ConsumerStateFile.State(
                floor + 2,
                floor + 2,
                floor,
                floor,
                List.of(new long[] {floor + 1, floor + 1, 123L}),
                Map.of(floor + 1, 2L));
    }

    private Path journal() {
        return dir.resolve(ConsumerJournal.NAME);
    }

    @Test
    void theNewestRecordIsTheState() throws Exception {
        try (ConsumerJournal j = new ConsumerJournal(dir, false)) {
            for (long i = 1; i <= 5; i++) {
                j.append(state(i));
            }
            assertThat(j.records()).isEqualTo(5);
        }
        ConsumerStateFile.State s = ConsumerJournal.readLast(dir);
        assertThat(s.ackFloorStreamSeq()).isEqualTo(5);
        assertThat(s.deliveredConsumerSeq()).isEqualTo(7);
        assertThat(s.pending()).singleElement().satisfies(p -> assertThat(p).containsExactly(6, 6, 123));
        assertThat(s.deliveryCounts()).containsExactly(Map.entry(6L, 2L));
    }

    @Test
    void noJournalIsNoState() throws Exception {
        assertThat(ConsumerJournal.readLast(dir)).isNull();
        Files.write(journal(), new byte[0]);
        assertThat(ConsumerJournal.readLast(dir)).isNull();
    }

    @Test
    void aTornTailIsIgnoredAtEveryCut() throws Exception {
        try (ConsumerJournal j = new ConsumerJournal(dir, false)) {
            j.append(state(1));
            j.append(state(2));
        }
        byte[] whole = Files.readAllBytes(journal());
        int second = whole.length / 2;
        for (int cut = second; cut < whole.length; cut++) {
            ConsumerStateFile.State s = ConsumerJournal.lastValid(Arrays.copyOf(whole, cut));
            assertThat(s.ackFloorStreamSeq()).as("cut at %d", cut).isEqualTo(1);
        }
        assertThat(ConsumerJournal.lastValid(whole).ackFloorStreamSeq()).isEqualTo(2);
    }

    @Test
    void aCorruptRecordEndsTheJournal() throws Exception {
        try (ConsumerJournal j = new ConsumerJournal(dir, false)) {
            j.append(state(1));
            j.append(state(2));
            j.append(state(3));
        }
        byte[] whole = Files.readAllBytes(journal());
        int record = whole.length / 3;
        whole[record + 20] ^= 0x40;
        assertThat(ConsumerJournal.lastValid(whole).ackFloorStreamSeq()).isEqualTo(1);
    }

    @Test
    void aLengthPastTheEndIsATornRecord() throws Exception {
        try (ConsumerJournal j = new ConsumerJournal(dir, false)) {
            j.append(state(1));
        }
        Files.write(journal(), ByteBuffer.allocate(8).putInt(1 << 30).putInt(7).array(), StandardOpenOption.APPEND);
        assertThat(ConsumerJournal.readLast(dir).ackFloorStreamSeq()).isEqualTo(1);
    }

    @Test
    void foldsIntoStateJsonPastItsBound() throws Exception {
        try (ConsumerJournal j = new ConsumerJournal(dir, false)) {
            for (long i = 1; i <= ConsumerJournal.MAX_RECORDS + 1; i++) {
                j.append(state(i));
            }
            assertThat(j.folds()).isEqualTo(1);
            assertThat(j.records()).isZero();
            assertThat(Files.size(journal())).isZero();
            ConsumerStateFile.State folded =
                    ConsumerStateFile.parseState(Files.readAllBytes(dir.resolve("state.json")));
            assertThat(folded.ackFloorStreamSeq()).isEqualTo(ConsumerJournal.MAX_RECORDS + 1);

            j.append(state(10_000));
        }
        assertThat(ConsumerJournal.readLast(dir).ackFloorStreamSeq()).isEqualTo(10_000);
    }

    @Test
    void foldingWithSyncWritesTheSameState() throws Exception {
        try (ConsumerJournal j = new ConsumerJournal(dir, true)) {
            j.append(state(4));
            j.fold(state(4));
        }
        assertThat(Files.size(journal())).isZero();
        assertThat(ConsumerStateFile.parseState(Files.readAllBytes(dir.resolve("state.json")))
                        .ackFloorStreamSeq())
                .isEqualTo(4);
    }

    @Test
    void recordsOfEverySizeReadBackWhileTheBufferIsReused() throws Exception {
        try (ConsumerJournal j = new ConsumerJournal(dir, false)) {
            // large (kept buffer grows), larger than the kept bound (a buffer of its own), then small again
            for (int n : new int[] {3, 1_000, 5_000, 0}) {
                List<long[]> pending = new java.util.ArrayList<>();
                for (long i = 1; i <= n; i++) {
                    pending.add(new long[] {i, i, 7L});
                }
                j.append(new ConsumerStateFile.State(n, n, 0, 0, pending, Map.of()));
                ConsumerStateFile.State s = ConsumerJournal.readLast(dir);
                assertThat(s.deliveredStreamSeq()).isEqualTo(n);
                assertThat(s.pending()).hasSize(n);
                assertThat(ConsumerJournal.encode(s))
                        .isEqualTo(ConsumerJournal.encode(new ConsumerStateFile.State(n, n, 0, 0, pending, Map.of())));
            }
        }
    }
}
