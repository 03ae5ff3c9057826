package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every file-store test again with compression on (sealed blocks stored compressed), plus mixed
 * compressed/plain blocks after switching compression on and off, and the bytes-on-disk figure.
 */
class CompressedFileStreamStoreTest extends FileStreamStoreTest {

    @Override
    protected boolean compressed() {
        return true;
    }

    /** A compressed block is rewritten whole: the compacted file is compared with its compressed size before. */
    @Override
    @Test
    void sparseBlocksAreCompacted() throws IOException {
        Path dir = tmp.resolve("sparse-compressed");
        FileStreamStore s = FileStreamStore.open(
                dir, FileStoreConfig.DEFAULT.withBlockSize(4096).withCacheSize(1024), StoreLimits.UNLIMITED);
        s.setCompression(true);
        for (int i = 1; i <= 400; i++) {
            s.append("sub." + (i % 5), null, text(i), i);
        }
        Path first = s.blockFiles().get(0);
        assertThat(compressedBlocks(s)).isPositive();
        long before = Files.size(first);
        for (long q = 2; q <= 20; q++) {
            s.delete(q, false);
        }
        s.flush();
        assertThat(Files.size(first)).isLessThan(before);
        assertThat(s.load(1).payload()).isEqualTo(text(1));
        assertThat(s.load(21).payload()).isEqualTo(text(21));
        s.close();
        FileStreamStore r =
                FileStreamStore.open(dir, FileStoreConfig.DEFAULT.withBlockSize(4096), StoreLimits.UNLIMITED);
        try {
            assertThat(r.state().msgs()).isEqualTo(400 - 19);
            assertThat(r.load(1).payload()).isEqualTo(text(1));
            assertThat(r.load(10)).isNull();
            assertThat(r.load(400).payload()).isEqualTo(text(400));
        } finally {
            r.close();
        }
    }

    /** Damage to a compressed block fails its outer checksum: none of its records is served, later blocks are. */
    @Override
    @Test
    void damageAfterRecoveryIsDetectedOnRead() throws IOException {
        Path dir = tmp.resolve("lateflip-compressed");
        FileStreamStore s = FileStreamStore.open(
                dir, FileStoreConfig.DEFAULT.withBlockSize(4096).withCacheSize(0), StoreLimits.UNLIMITED);
        s.setCompression(true);
        for (int i = 1; i <= 400; i++) {
            s.append("f", null, text(i), i);
        }
        s.flush();
        Path block = s.blockFiles().get(0);
        byte[] head = new byte[BlockCodec.HEADER];
        try (var in = Files.newInputStream(block)) {
            in.readNBytes(head, 0, head.length);
        }
        assertThat(BlockCodec.isCompressed(head)).isTrue();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                block, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#', '#'}), 40);
        }
        assertThat(s.load(1)).isNull();
        assertThat(s.load(2)).isNull();
        assertThat(s.load(400).payload()).isEqualTo(text(400));
        s.close();
        FileStreamStore r =
                FileStreamStore.open(dir, FileStoreConfig.DEFAULT.withBlockSize(4096), StoreLimits.UNLIMITED);
        try {
            assertThat(r.load(1)).isNull();
            assertThat(r.load(400).payload()).isEqualTo(text(400));
        } finally {
            r.close();
        }
    }

    private static byte[] text(int i) {
        return ("{\"order\":" + i + ",\"status\":\"shipped\",\"customer\":\"customer-" + (i % 50)
                        + "\",\"items\":[\"book\",\"pen\",\"paper\"],\"note\":\"leave at the front door please\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long compressedBlocks(FileStreamStore s) throws IOException {
        long n = 0;
        for (Path p : s.blockFiles()) {
            byte[] head = new byte[BlockCodec.HEADER];
            try (var in = Files.newInputStream(p)) {
                if (in.readNBytes(head, 0, head.length) == head.length && BlockCodec.isCompressed(head)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void mixedBlocksAfterSwitchingCompressionReadBackAfterRestart() throws IOException {
        Path dir = tmp.resolve("mixed");
        FileStoreConfig cfg = FileStoreConfig.DEFAULT.withBlockSize(4096).withCacheSize(1024);
        FileStreamStore s = FileStreamStore.open(dir, cfg, StoreLimits.UNLIMITED);
        s.setCompression(false);
        for (int i = 1; i <= 200; i++) {
            s.append("orders." + (i % 3), null, text(i), i);
        }
        assertThat(compressedBlocks(s)).isZero();
        s.setCompression(true);
        for (int i = 201; i <= 400; i++) {
            s.append("orders." + (i % 3), null, text(i), i);
        }
        long compressed = compressedBlocks(s);
        assertThat(compressed).isPositive().isLessThan(s.blockFiles().size());
        s.delete(100, false);
        s.delete(300, true);
        s.close();
        FileStreamStore r = FileStreamStore.open(dir, cfg, StoreLimits.UNLIMITED);
        try {
            assertThat(compressedBlocks(r)).isEqualTo(compressed);
            assertThat(r.state().msgs()).isEqualTo(398);
            for (int i = 1; i <= 400; i++) {
                StoredMessage m = r.load(i);
                if (i == 100 || i == 300) {
                    assertThat(m).isNull();
                } else {
                    assertThat(m).as("seq %d", i).isNotNull();
                    assertThat(m.payload()).isEqualTo(text(i));
                    assertThat(m.subject()).isEqualTo("orders." + (i % 3));
                }
            }
            assertThat(r.append("orders.0", null, text(401), 401)).isEqualTo(401);
        } finally {
            r.close();
        }
    }

    @Test
    void bytesOnDiskForATextPayload() throws IOException {
        long[] disk = new long[2];
        long[] logical = new long[2];
        for (int k = 0; k < 2; k++) {
            Path dir = tmp.resolve("figure" + k);
            FileStreamStore s =
                    FileStreamStore.open(dir, FileStoreConfig.DEFAULT.withBlockSize(256 * 1024), StoreLimits.UNLIMITED);
            s.setCompression(k == 1);
            for (int i = 1; i <= 20_000; i++) {
                s.append("orders." + (i % 10), null, text(i), i);
            }
            s.flush();
            disk[k] = s.diskBytes();
            logical[k] = s.state().bytes();
            List<Long> sizes = new ArrayList<>();
            for (Path p : s.blockFiles()) {
                sizes.add(Files.size(p));
            }
            assertThat(sizes.stream().mapToLong(Long::longValue).sum()).isEqualTo(disk[k]);
            s.close();
        }
        System.out.printf(
                "compression figure: 20000 JSON messages (%d bytes stored): %d bytes on disk uncompressed,"
                        + " %d compressed (%.1f%%)%n",
                logical[0], disk[0], disk[1], 100.0 * disk[1] / disk[0]);
        assertThat(logical[1]).isEqualTo(logical[0]);
        assertThat(disk[1]).isLessThan(disk[0] / 2);
    }
}
