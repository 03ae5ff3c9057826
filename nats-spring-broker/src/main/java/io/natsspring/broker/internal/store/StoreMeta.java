package io.natsspring.broker.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The small state file {@code msgs/store.meta}: the purge floor (no message below {@code firstSeq} is live) and
 * the last sequence and its timestamp, for when no block holds them any more. 36 bytes, big-endian: magic,
 * version, firstSeq, lastSeq, lastTimestamp, CRC32C. Replaced atomically (temp file, fsync, rename, fsync dir).
 */
record StoreMeta(long firstSeq, long lastSeq, long lastTimestampNanos) {

    static final String FILE = "store.meta";
    static final StoreMeta EMPTY = new StoreMeta(0, 0, 0);
    private static final int MAGIC = 0x4E53534D;
    private static final int VERSION = 1;
    private static final int SIZE = 36;
    private static final System.Logger LOG = System.getLogger(StoreMeta.class.getName());

    /** Reads the file in {@code dir}; {@link #EMPTY} when absent or damaged (damage is logged). */
    static StoreMeta read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return EMPTY;
        }
        byte[] b = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(b);
        if (b.length != SIZE || buf.getInt(0) != MAGIC || buf.getInt(4) != VERSION || buf.getInt(32) != crc(b)) {
            LOG.log(System.Logger.Level.WARNING, "Ignoring damaged store state file {0}", file);
            return EMPTY;
        }
        return new StoreMeta(buf.getLong(8), buf.getLong(16), buf.getLong(24));
    }

    void write(Path dir) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SIZE);
        buf.putInt(MAGIC).putInt(VERSION).putLong(firstSeq).putLong(lastSeq).putLong(lastTimestampNanos);
        buf.putInt(crc(buf.array()));
        buf.flip();
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, 32);
        return (int) c.getValue();
    }

    /** Forces directory entries (renames, creations, deletions) to the device, where the platform allows. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on every platform; the rename itself is still atomic
        }
    }
}
