package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequential reads of a file store go through {@link ReadAhead}'s window; what they return must stay exactly the
 * stored records, also after the bytes under a window change in place (erase, compaction) or the store restarts.
 */
class ReadAheadTest {

    private static final FileStoreConfig CONFIG =
            FileStoreConfig.DEFAULT.withBlockSize(64 * 1024).withCacheSize(1024);

    @TempDir
    Path tmp;

    private FileStreamStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private FileStreamStore open() throws IOException {
        store = FileStreamStore.open(tmp.resolve("s"), CONFIG, StoreLimits.UNLIMITED);
        return store;
    }

    private static byte[] body(long i) {
        return ("message-" + i + "-" + "x".repeat((int) (i % 97))).getBytes(StandardCharsets.UTF_8);
    }

    private static void fill(FileStreamStore s, int n) {
        for (int i = 1; i <= n; i++) {
            s.append("orders." + (i % 7), i % 5 == 0 ? headers(i) : null, body(i), 1_000L * i);
        }
        s.flush();
    }

    private static byte[] headers(long i) {
        return ("NATS/1.0\r\nSeq: " + i + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertMessage(StoredMessage m, long seq) {
        assertThat(m).as("seq %d", seq).isNotNull();
        assertThat(m.seq()).isEqualTo(seq);
        assertThat(m.subject()).isEqualTo("orders." + (seq % 7));
        assertThat(m.payload()).isEqualTo(body(seq));
        if (seq % 5 == 0) {
            assertThat(m.headers()).isEqualTo(headers(seq));
        }
    }

    @Test
    void sequentialDrainAcrossBlocksReturnsEveryRecord() throws IOException {
        FileStreamStore s = open();
        fill(s, 5_000);
        assertThat(s.blockFiles()).hasSizeGreaterThan(3);
        long seq = 1;
        for (StoredMessage m = s.loadNext(null, 1); m != null; m = s.loadNext(null, m.seq() + 1)) {
            assertMessage(m, seq++);
        }
        assertThat(seq).isEqualTo(5_001);
        // and again, filtered: skips records inside the windows
        seq = 3;
        for (StoredMessage m = s.loadNext("orders.3", 1); m != null; m = s.loadNext("orders.3", m.seq() + 1)) {
            assertMessage(m, seq);
            seq += 7;
        }
    }

    @Test
    void anErasedRecordUnderAWindowIsNotServedFromIt() throws IOException {
        FileStreamStore s = open();
        fill(s, 2_000);
        for (long i = 1; i <= 100; i++) {
            assertMessage(s.load(i), i); // sequential: a window now covers the next records
        }
        assertThat(s.delete(105, true)).isTrue();
        assertThat(s.delete(110, false)).isTrue();
        for (long i = 101; i <= 2_000; i++) {
            if (i == 105 || i == 110) {
                assertThat(s.load(i)).isNull();
            } else {
                assertMessage(s.load(i), i);
            }
        }
    }

    @Test
    void aCompactedBlockIsReadFromItsNewLayout() throws IOException {
        FileStreamStore s = open();
        fill(s, 3_000);
        for (long i = 1; i <= 300; i++) {
            assertMessage(s.load(i), i);
        }
        // remove most of the first block's records: it is rewritten without them, offsets move
        for (long i = 2; i <= 250; i += 1) {
            if (i % 10 != 0) {
                s.delete(i, false);
            }
        }
        assertMessage(s.load(1), 1);
        for (long i = 10; i <= 250; i += 10) {
            assertMessage(s.load(i), i);
        }
        for (long i = 251; i <= 3_000; i++) {
            assertMessage(s.load(i), i);
        }
    }

    @Test
    void readsAfterARestartComeFromTheFiles() throws IOException {
        FileStreamStore s = open();
        fill(s, 1_500);
        s.close();
        store = null;
        FileStreamStore r = open();
        for (long i = 1; i <= 1_500; i++) {
            assertMessage(r.load(i), i);
        }
        for (long i = 1_500; i >= 1; i -= 3) {
            assertMessage(r.load(i), i);
        }
    }
}
