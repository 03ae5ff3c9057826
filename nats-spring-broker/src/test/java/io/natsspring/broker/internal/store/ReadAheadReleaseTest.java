package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drained or idle store gives its read-ahead window back: the periodic sync drops a window nobody read from
 * since the previous sync; a store being read keeps it. A discarded store (stream delete) writes nothing more.
 */
class ReadAheadReleaseTest {

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

    private FileStreamStore filled(int n) throws IOException {
        store = FileStreamStore.open(tmp.resolve("s"), CONFIG, StoreLimits.UNLIMITED);
        for (int i = 1; i <= n; i++) {
            store.append("a." + i, null, ("m" + i + "x".repeat(100)).getBytes(StandardCharsets.UTF_8), i);
        }
        store.flush();
        return store;
    }

    private static void drain(FileStreamStore s, long from, long to) {
        for (long seq = from; seq <= to; seq++) {
            assertThat(s.loadNext(null, seq)).as("seq %d", seq).isNotNull();
        }
    }

    @Test
    void anIdleWindowIsReleasedAfterOneQuietPeriod() throws IOException {
        FileStreamStore s = filled(2_000);
        drain(s, 1, 1_000);
        ReadAhead ra = s.readAhead();
        assertThat(ra.holdsWindow()).isTrue();

        assertThat(ra.releaseIfIdle()).as("read since the last period: kept").isFalse();
        assertThat(ra.holdsWindow()).isTrue();
        assertThat(ra.releaseIfIdle())
                .as("no read for a whole period: released")
                .isTrue();
        assertThat(ra.holdsWindow()).isFalse();

        // reading on after the release still returns every record, and builds a window again
        drain(s, 1_001, 2_000);
        assertThat(ra.holdsWindow()).isTrue();
    }

    @Test
    void aStoreBeingReadKeepsItsWindow() throws IOException {
        FileStreamStore s = filled(3_000);
        ReadAhead ra = s.readAhead();
        for (int round = 0; round < 3; round++) {
            drain(s, 1 + round * 1_000L, (round + 1) * 1_000L);
            assertThat(ra.releaseIfIdle()).as("round %d", round).isFalse();
        }
        assertThat(ra.holdsWindow()).isTrue();
    }

    @Test
    void aDiscardedStoreWritesNothingMore() throws IOException {
        FileStreamStore s = filled(10);
        s.append("a.11", null, "unflushed".getBytes(StandardCharsets.UTF_8), 11);
        Path dir = tmp.resolve("s").resolve(FileStreamStore.DIRECTORY);
        long bytesBefore = totalBytes(dir);
        s.discard();
        store = null;
        assertThat(totalBytes(dir)).as("nothing flushed by discard").isEqualTo(bytesBefore);
        s.discard(); // a second call is a no-op
    }

    private static long totalBytes(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
