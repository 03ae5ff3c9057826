package io.natsspring.broker.internal.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One block file {@code msgs/NNNNNNNNNN.blk} plus its bookkeeping. The active (last) block also owns a tail
 * buffer holding every not-yet-written byte and, behind them, the most recently written ones, which serves
 * reads of fresh messages without touching the file.
 */
final class MessageBlock {

    final int id;
    final Path path;
    private FileChannel channel;
    /** Bytes in the file. */
    private long written;

    private byte[] tail;
    /** File offset of {@code tail[0]}. */
    private long tailStart;

    private int tailLen;
    private int tailCapacity;

    long liveMsgs;
    long liveBytes;
    /** Lowest and highest sequence of message records physically in the file, 0 when none. */
    long minSeq;

    long maxSeq;
    /** Range of tombstone targets in this file that lie outside {@code [minSeq, maxSeq]}. */
    long minForeignTombstone = Long.MAX_VALUE;

    long maxForeignTombstone;
    /** Written since the last fsync. */
    boolean dirty;

    private MessageBlock(int id, Path path, FileChannel channel) throws IOException {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.written = channel.size();
    }

    static Path pathFor(Path dir, int id) {
        return dir.resolve(String.format("%010d.blk", id));
    }

    static MessageBlock open(Path dir, int id) throws IOException {
        Path p = pathFor(dir, id);
        return new MessageBlock(
                id,
                p,
                FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** Logical size: written bytes plus buffered ones. */
    long size() {
        return tail == null ? written : tailStart + tailLen;
    }

    boolean isActive() {
        return tail != null;
    }

    void activate(int capacity) {
        tailCapacity = Math.max(capacity, 4096);
        tail = new byte[tailCapacity];
        tailStart = written;
        tailLen = 0;
    }

    /** Writes what is buffered and releases the tail buffer. */
    void deactivate() throws IOException {
        flush();
        tail = null;
        tailLen = 0;
    }

    /**
     * Makes room for an {@code n}-byte record at the end of the tail buffer (writing buffered bytes out if it
     * is full) and returns the array index to encode it at; follow with {@link #commit(int)}.
     */
    int reserve(int n) throws IOException {
        if (tailLen + n > tail.length) {
            flush();
            int keep = Math.min(tailLen, Math.max(0, tailCapacity / 2 - n));
            int drop = tailLen - keep;
            System.arraycopy(tail, drop, tail, 0, keep);
            tailStart += drop;
            tailLen = keep;
            if (tailLen + n > tail.length) {
                byte[] bigger = new byte[tailLen + n];
                System.arraycopy(tail, 0, bigger, 0, tailLen);
                tail = bigger;
            } else if (tail.length > tailCapacity && tailLen + n <= tailCapacity) {
                byte[] smaller = new byte[tailCapacity];
                System.arraycopy(tail, 0, smaller, 0, tailLen);
                tail = smaller;
            }
        }
        return tailLen;
    }

    byte[] tailBuffer() {
        return tail;
    }

    /** Accepts the {@code n} bytes encoded at the reserved index; returns their file offset. */
    long commit(int n) {
        long offset = tailStart + tailLen;
        tailLen += n;
        return offset;
    }

    /** Writes buffered bytes to the file with one positional write. */
    void flush() throws IOException {
        if (tail == null) {
            return;
        }
        int from = (int) (written - tailStart);
        if (from >= tailLen) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(tail, from, tailLen - from);
        long pos = written;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        written = pos;
        dirty = true;
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Index into {@link #tailBuffer()} of the bytes at {@code offset..offset+len}, or -1 if not all buffered. */
    int tailIndex(long offset, int len) {
        if (tail == null || offset < tailStart || offset + len > tailStart + tailLen) {
            return -1;
        }
        return (int) (offset - tailStart);
    }

    /** Reads {@code len} bytes at {@code offset} from the tail buffer or the file. */
    byte[] read(long offset, int len) throws IOException {
        byte[] out = new byte[len];
        int at = tailIndex(offset, len);
        if (at >= 0) {
            System.arraycopy(tail, at, out, 0, len);
            return out;
        }
        ByteBuffer buf = ByteBuffer.wrap(out);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new EOFException("short read in " + path + " at " + offset);
            }
            pos += n;
        }
        return out;
    }

    /** The whole written file (buffered bytes excluded). */
    byte[] readAll() throws IOException {
        return read(0, (int) written);
    }

    /** Replaces bytes of an existing record in place (in the buffer and/or the file). */
    void overwrite(long offset, byte[] bytes) throws IOException {
        if (tail != null) {
            long from = Math.max(offset, tailStart);
            long to = Math.min(offset + bytes.length, tailStart + tailLen);
            if (from < to) {
                System.arraycopy(bytes, (int) (from - offset), tail, (int) (from - tailStart), (int) (to - from));
            }
        }
        if (offset < written) {
            ByteBuffer buf = ByteBuffer.wrap(bytes, 0, (int) Math.min(bytes.length, written - offset));
            long pos = offset;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
            dirty = true;
        }
    }

    /** Cuts the file at {@code size} (recovery of a torn tail). */
    void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.force(false);
        written = size;
        if (tail != null) {
            tailStart = size;
            tailLen = 0;
        }
    }

    /** Swaps in a new file content already renamed over {@link #path}. */
    void reopen() throws IOException {
        channel.close();
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        written = channel.size();
        dirty = false;
    }

    void close() throws IOException {
        channel.close();
    }

    /** Notes a message record physically added to this file. */
    void noteMessage(long seq) {
        if (minSeq == 0) {
            minSeq = seq;
        }
        maxSeq = seq;
    }

    /** Notes a tombstone physically added to this file. */
    void noteTombstone(long target) {
        if (minSeq == 0 || target < minSeq || target > maxSeq) {
            minForeignTombstone = Math.min(minForeignTombstone, target);
            maxForeignTombstone = Math.max(maxForeignTombstone, target);
        }
    }

    boolean holdsPhysically(long seq) {
        return minSeq != 0 && seq >= minSeq && seq <= maxSeq;
    }
}
