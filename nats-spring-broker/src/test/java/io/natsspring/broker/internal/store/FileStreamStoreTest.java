package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStreamStoreTest extends StreamStoreConformanceTest {

    @TempDir
    Path tmp;

    private int dirs;
    private FileStoreConfig config = FileStoreConfig.DEFAULT.withBlockSize(4096).withCacheSize(1024);

    /** Whether the stores under test compress their sealed blocks. */
    protected boolean compressed() {
        return false;
    }

    @Override
    protected StreamStore create(StoreLimits limits) {
        return open(tmp.resolve("s" + dirs++), limits);
    }

    private FileStreamStore open(Path dir, StoreLimits limits) {
        try {
            FileStreamStore s = FileStreamStore.open(dir, config, limits);
            s.setCompression(compressed());
            opened.add(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected StreamStore restart(StreamStore store) {
        store.close();
        return open(tmp.resolve("s" + (dirs - 1)), store.limits());
    }

    private static long put(StreamStore s, int i) {
        return s.append(
                "sub." + (i % 5),
                i % 3 == 0 ? b("NATS/1.0\r\nX: " + i + "\r\n\r\n") : null,
                b("payload-" + i),
                1_000L * i);
    }

    private static void assertSameContent(StreamStore a, StreamStore b) {
        assertThat(b.state()).isEqualTo(a.state());
        assertThat(b.deletedSequences()).isEqualTo(a.deletedSequences());
        assertThat(b.subjectCounts(null)).isEqualTo(a.subjectCounts(null));
        for (long s = a.state().firstSeq(); s <= a.state().lastSeq(); s++) {
            StoredMessage x = a.load(s);
            StoredMessage y = b.load(s);
            if (x == null) {
                assertThat(y).isNull();
            } else {
                assertThat(y.subject()).isEqualTo(x.subject());
                assertThat(y.headers()).isEqualTo(x.headers());
                assertThat(y.payload()).isEqualTo(x.payload());
                assertThat(y.timestampNanos()).isEqualTo(x.timestampNanos());
            }
        }
    }

    @Test
    void reopenRestoresEverything() {
        Path dir = tmp.resolve("reopen");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 500; i++) {
            put(s, i);
        }
        s.delete(10, false);
        s.delete(250, true);
        s.purge("sub.2", 300, 0);
        s.compact(5);
        MemoryStreamStore expected = new MemoryStreamStore();
        for (int i = 1; i <= 500; i++) {
            put(expected, i);
        }
        expected.delete(10, false);
        expected.delete(250, true);
        expected.purge("sub.2", 300, 0);
        expected.compact(5);
        assertThat(s.blockFiles().size()).isGreaterThan(3);
        s.close();
        FileStreamStore r = open(dir, StoreLimits.UNLIMITED);
        assertSameContent(expected, r);
        assertThat(put(r, 501)).isEqualTo(501);
        put(expected, 501);
        r.close();
        assertSameContent(expected, open(dir, StoreLimits.UNLIMITED));
    }

    @Test
    void reopenWithoutCloseAfterFlush() throws IOException {
        Path dir = tmp.resolve("noclose");
        FileStreamStore s = FileStreamStore.open(dir, config, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 100; i++) {
            put(s, i);
        }
        s.delete(50, false);
        s.flush();
        // no close: simulates a process crash after flush (the OS keeps written data)
        FileStreamStore r = open(dir, StoreLimits.UNLIMITED);
        assertThat(r.state().msgs()).isEqualTo(99);
        assertThat(r.load(50)).isNull();
        assertThat(r.load(100)).isNotNull();
        s.close();
    }

    @Test
    void blocksRollAndEmptiedBlocksAreRemoved() {
        Path dir = tmp.resolve("roll");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 300; i++) {
            put(s, i);
        }
        List<Path> files = s.blockFiles();
        assertThat(files.size()).isGreaterThanOrEqualTo(4);
        for (Path f : files) {
            assertThat(f.getFileName().toString()).matches("\\d{10}\\.blk");
        }
        Path first = files.get(0);
        s.compact(150);
        assertThat(first).doesNotExist();
        assertThat(s.blockFiles().size()).isLessThan(files.size());
        assertThat(s.load(150)).isNotNull();
        s.purge();
        assertThat(s.blockFiles()).hasSize(1);
        assertThat(s.state().firstSeq()).isEqualTo(301);
    }

    @Test
    void maxMsgsEvictionKeepsDiskBounded() {
        Path dir = tmp.resolve("bounded");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED.withMaxMsgs(50));
        for (int i = 1; i <= 3000; i++) {
            put(s, i);
        }
        s.flush();
        assertThat(s.state().msgs()).isEqualTo(50);
        assertThat(s.storageBytes()).isLessThan(6 * 4096);
        s.close();
        FileStreamStore r = open(dir, StoreLimits.UNLIMITED.withMaxMsgs(50));
        assertThat(r.state().msgs()).isEqualTo(50);
        assertThat(r.state().firstSeq()).isEqualTo(2951);
    }

    @Test
    void sparseBlocksAreCompacted() throws IOException {
        Path dir = tmp.resolve("sparse");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 200; i++) {
            put(s, i);
        }
        Path first = s.blockFiles().get(0);
        long before = Files.size(first);
        for (long q = 2; q <= 60; q++) {
            if (q % 4 != 0) {
                s.delete(q, false);
            }
        }
        s.flush();
        assertThat(Files.size(first)).isLessThan(before / 2);
        assertThat(s.load(1)).isNotNull();
        assertThat(s.load(4).payload()).isEqualTo(b("payload-4"));
        MemoryStreamStore expected = new MemoryStreamStore();
        for (int i = 1; i <= 200; i++) {
            put(expected, i);
        }
        for (long q = 2; q <= 60; q++) {
            if (q % 4 != 0) {
                expected.delete(q, false);
            }
        }
        s.close();
        assertSameContent(expected, open(dir, StoreLimits.UNLIMITED));
    }

    @Test
    void tombstonesSurviveRemovalOfTheirBlock() {
        Path dir = tmp.resolve("carry");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 100; i++) {
            s.append("keep", null, new byte[60], i);
        }
        s.delete(5, false); // tombstone lands in the active block
        for (int i = 101; i <= 200; i++) {
            s.append("drop", null, new byte[60], i);
        }
        s.purge("drop", 0, 0); // empties the blocks holding the tombstone for 5
        s.close();
        FileStreamStore r = open(dir, StoreLimits.UNLIMITED);
        assertThat(r.load(5)).isNull();
        assertThat(r.state().msgs()).isEqualTo(99);
        assertThat(r.state().lastSeq()).isEqualTo(200);
    }

    @Test
    void eraseOverwritesBytesOnDisk() throws IOException {
        Path dir = tmp.resolve("erase");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        s.append("a", null, b("SECRET-SECRET-SECRET"), 1);
        s.append("a", null, b("other"), 2);
        s.flush();
        s.delete(1, true);
        s.close();
        byte[] content =
                Files.readAllBytes(open(dir, StoreLimits.UNLIMITED).blockFiles().get(0));
        assertThat(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("SECRET");
    }

    @Test
    void tornTailIsTruncated() throws IOException {
        Path dir = tmp.resolve("torn");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 20; i++) {
            put(s, i);
        }
        s.close();
        Path last = lastBlock(dir);
        long size = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7);
        }
        FileStreamStore r = open(dir, StoreLimits.UNLIMITED);
        // the clean close recorded sequence 20 as assigned, so it is not handed out again
        assertThat(r.state().lastSeq()).isEqualTo(20);
        assertThat(r.state().msgs()).isEqualTo(19);
        assertThat(r.load(19).payload()).isEqualTo(b("payload-19"));
        assertThat(r.load(20)).isNull();
        assertThat(r.append("x", null, b("y"), 5)).isEqualTo(21);
        r.close();
        assertThat(open(dir, StoreLimits.UNLIMITED).load(21).payload()).isEqualTo(b("y"));
    }

    @Test
    void garbageAfterTailIsTruncated() throws IOException {
        Path dir = tmp.resolve("garbage");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 20; i++) {
            put(s, i);
        }
        s.close();
        Path last = lastBlock(dir);
        long size = Files.size(last);
        Files.write(last, new byte[] {0, 0, 0, 99, 1, 2, 3, 4, 5, 6, 7, 8, 9}, StandardOpenOption.APPEND);
        FileStreamStore r = open(dir, StoreLimits.UNLIMITED);
        assertThat(r.state().msgs()).isEqualTo(20);
        assertThat(Files.size(last)).isEqualTo(size);
        assertThat(r.append("x", null, b("y"), 5)).isEqualTo(21);
    }

    @Test
    void flippedByteInTheMiddleIsNotServed() throws IOException {
        Path dir = tmp.resolve("flip");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 10; i++) {
            s.append("f", null, b("payload-" + i), i);
        }
        s.close();
        Path block = lastBlock(dir);
        int recLen = 32 + 1 + "payload-1".length();
        long pos = 4L * recLen + 30; // inside the payload of sequence 5
        try (FileChannel ch = FileChannel.open(block, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, pos);
            one.put(0, (byte) (one.get(0) ^ 0x40));
            one.rewind();
            ch.write(one, pos);
        }
        FileStreamStore r = open(dir, StoreLimits.UNLIMITED);
        assertThat(r.load(5)).isNull();
        assertThat(r.load(4).payload()).isEqualTo(b("payload-4"));
        assertThat(r.load(6).payload()).isEqualTo(b("payload-6"));
        assertThat(r.state().msgs()).isEqualTo(9);
        assertThat(r.state().lastSeq()).isEqualTo(10);
    }

    @Test
    void damageAfterRecoveryIsDetectedOnRead() throws IOException {
        config = config.withCacheSize(0);
        Path dir = tmp.resolve("lateflip");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        for (int i = 1; i <= 200; i++) {
            s.append("f", null, b("payload-" + i), i);
        }
        s.flush();
        Path block = s.blockFiles().get(0);
        try (FileChannel ch = FileChannel.open(block, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'#'}), 35);
        }
        assertThat(s.load(1)).isNull();
        assertThat(s.load(2)).isNotNull();
    }

    @Test
    void syncAlwaysAndBackgroundSyncWork() {
        config = config.withSyncAlways(true).withSyncInterval(java.time.Duration.ofMillis(20));
        Path dir = tmp.resolve("sync");
        FileStreamStore s = open(dir, StoreLimits.UNLIMITED);
        put(s, 1);
        s.flush();
        s.sync();
        put(s, 2);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> storageOnDisk(dir) >= s.storageBytes());
        assertThat(s.load(2)).isNotNull();
    }

    private static long storageOnDisk(Path dir) throws IOException {
        try (var files = Files.list(dir.resolve(FileStreamStore.DIRECTORY))) {
            return files.filter(p -> p.toString().endsWith(".blk"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static Path lastBlock(Path dir) throws IOException {
        try (var files = Files.list(dir.resolve(FileStreamStore.DIRECTORY))) {
            return files.filter(p -> p.toString().endsWith(".blk"))
                    .sorted()
                    .reduce((a, c) -> c)
                    .orElseThrow();
        }
    }
}
