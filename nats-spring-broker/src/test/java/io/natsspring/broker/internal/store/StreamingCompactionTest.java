package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block compaction streams records through a fixed buffer and finds tombstones with a windowed scan (issue 19,
 * defect 1): records larger than the buffer and the window, tombstones handed on to older blocks, and a block
 * with damaged bytes (whole-image fallback) all come out as before, also after a reopen.
 */
class StreamingCompactionTest {

    @TempDir
    Path tmp;

    private final FileStoreConfig config =
            FileStoreConfig.DEFAULT.withBlockSize(1024 * 1024).withCacheSize(64 * 1024);

    private static byte[] payload(Random r, int i) {
        // every fifth record is larger than the 64 KiB copy buffer and scan window
        int size = i % 5 == 0 ? 70_000 + r.nextInt(150_000) : 10 + r.nextInt(4_000);
        byte[] p = new byte[size];
        r.nextBytes(p);
        return p;
    }

    @Test
    void recordsLargerThanTheBufferSurviveCompactionAndReopen() throws IOException {
        Random r = new Random(19);
        Path dir = tmp.resolve("big");
        FileStreamStore s = FileStreamStore.open(dir, config, StoreLimits.UNLIMITED);
        MemoryStreamStore expected = new MemoryStreamStore();
        for (int i = 1; i <= 120; i++) {
            byte[] p = payload(r, i);
            s.append("big." + (i % 3), null, p, 1_000L * i);
            expected.append("big." + (i % 3), null, p, 1_000L * i);
        }
        assertThat(s.blockFiles()).hasSizeGreaterThan(3);
        long before = Files.size(s.blockFiles().get(0));
        for (long q = 1; q <= 100; q++) {
            if (q % 3 != 0) {
                s.delete(q, false);
                expected.delete(q, false);
            }
        }
        s.flush();
        assertThat(Files.size(s.blockFiles().get(0))).isLessThan(before);
        assertSame(expected, s);
        s.close();
        FileStreamStore reopened = FileStreamStore.open(dir, config, StoreLimits.UNLIMITED);
        assertSame(expected, reopened);
        reopened.close();
    }

    @Test
    void tombstonesForOlderBlocksAreCarriedThroughCompaction() throws IOException {
        Random r = new Random(7);
        Path dir = tmp.resolve("tomb");
        FileStoreConfig small = FileStoreConfig.DEFAULT.withBlockSize(8 * 1024).withCacheSize(1024);
        FileStreamStore s = FileStreamStore.open(dir, small, StoreLimits.UNLIMITED);
        MemoryStreamStore expected = new MemoryStreamStore();
        for (int i = 1; i <= 400; i++) {
            byte[] p = new byte[50 + r.nextInt(200)];
            r.nextBytes(p);
            s.append("t", null, p, i);
            expected.append("t", null, p, i);
            // delete a few messages of the oldest blocks as we go: their tombstones land in newer blocks
            if (i % 10 == 0) {
                long q = 2 + (i / 10) * 3L;
                if (q < 60 && s.delete(q, false)) {
                    expected.delete(q, false);
                }
            }
        }
        // now make the middle blocks sparse, so blocks holding tombstones are compacted
        for (long q = 100; q <= 300; q++) {
            if (q % 5 != 0) {
                s.delete(q, false);
                expected.delete(q, false);
            }
        }
        s.flush();
        assertSame(expected, s);
        s.close();
        FileStreamStore reopened = FileStreamStore.open(dir, small, StoreLimits.UNLIMITED);
        assertSame(expected, reopened);
        reopened.close();
    }

    private static void assertSame(StreamStore expected, StreamStore actual) {
        assertThat(actual.state().msgs()).isEqualTo(expected.state().msgs());
        assertThat(actual.state().bytes()).isEqualTo(expected.state().bytes());
        for (long q = 1; q <= expected.state().lastSeq(); q++) {
            StoredMessage e = expected.load(q);
            StoredMessage a = actual.load(q);
            if (e == null) {
                assertThat(a).as("seq %d deleted", q).isNull();
            } else {
                assertThat(a).as("seq %d", q).isNotNull();
                assertThat(a.payload()).as("seq %d", q).isEqualTo(e.payload());
                assertThat(a.subject()).isEqualTo(e.subject());
            }
        }
    }
}
