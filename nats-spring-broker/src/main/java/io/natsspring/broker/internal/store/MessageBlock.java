package io.natsspring.broker.internal.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One block file {@code msgs/NNNNNNNNNN.blk} plus its bookkeeping. The active (last) block also owns a tail
 * buffer holding every not-yet-written byte and, behind them, the most recently written ones, which serves
 * reads of fresh messages without touching the file. A sealed block may be stored compressed
 * ({@link BlockCodec}); it then reads like a plain one (offsets stay those of the plain image) through a
 * decompressed image loaded on demand and dropped by {@link #releaseImage()}.
 */
final class MessageBlock {

    final int id;
    final Path path;
    private FileChannel channel;
    /** Bytes in the file (for a compressed block: in its plain image). */
    private long written;
    /** Whether the file holds the compressed form. */
    private boolean compressed;
    /** Bytes of the file on disk. */
    private long diskBytes;
    /** The plain image of a compressed block while loaded. */
    private byte[] image;

    private byte[] tail;
    /** File offset of {@code tail[0]}. */
    private long tailStart;

    private int tailLen;
    private static final int INITIAL_TAIL = 4096;

    private int tailCapacity;
    /** A buffer over {@link #tail} for the file writes, re-made only when the array changes (not one per flush). */
    private ByteBuffer tailView;

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
    /** Bumped whenever bytes already in the file change (overwrite, truncate, rewrite): retires read-ahead. */
    private volatile int generation;

    private MessageBlock(int id, Path path, FileChannel channel) throws IOException {
        this.id = id;
        this.path = path;
        this.channel = channel;
        detectFormat();
    }

    private void detectFormat() throws IOException {
        long n = channel.size();
        diskBytes = n;
        written = n;
        compressed = false;
        image = null;
        if (n >= BlockCodec.HEADER) {
            byte[] head = new byte[BlockCodec.HEADER];
            readFile(head, 0);
            if (BlockCodec.isCompressed(head)) {
                compressed = true;
                written = BlockCodec.plainLength(head);
            }
        }
    }

    boolean isCompressed() {
        return compressed;
    }

    /** Bytes this block takes on disk (compressed or not). */
    long diskSize() {
        return tail == null ? diskBytes : size();
    }

    /** The plain image of a compressed block, decompressing it if not loaded. */
    private synchronized byte[] image() throws IOException {
        byte[] img = image;
        if (img == null) {
            byte[] file = new byte[(int) diskBytes];
            readFile(file, 0);
            img = BlockCodec.decode(file);
            image = img;
        }
        return img;
    }

    /** Drops a loaded decompressed image (bounded cache eviction). */
    synchronized void releaseImage() {
        image = null;
    }

    synchronized boolean hasImage() {
        return image != null;
    }

    /**
     * Replaces a sealed plain block by its compressed form (temp file, fsync, atomic rename); keeps it plain when
     * compressing does not make it smaller. Returns whether it is compressed now.
     */
    boolean compress() throws IOException {
        if (compressed || tail != null || written == 0) {
            return compressed;
        }
        byte[] plain = new byte[(int) written];
        readFile(plain, 0);
        byte[] file = BlockCodec.encode(plain, plain.length);
        if (file.length >= plain.length) {
            return false;
        }
        replaceFile(file);
        return true;
    }

    private void replaceFile(byte[] content) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        StoreMeta.syncDirectory(path.getParent());
        reopen();
    }

    private void readFile(byte[] out, long offset) throws IOException {
        readFile(out, 0, out.length, offset);
    }

    private void readFile(byte[] out, int outOff, int len, long offset) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(out, outOff, len);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new EOFException("short read in " + path + " at " + offset);
            }
            pos += n;
        }
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
        tailCapacity = Math.max(capacity, INITIAL_TAIL);
        // starts small and grows toward the capacity as records arrive: an idle stream holds 4 KiB, not 1 MiB
        tail = new byte[INITIAL_TAIL];
        tailStart = written;
        tailLen = 0;
    }

    /** Writes what is buffered and releases the tail buffer. */
    void deactivate() throws IOException {
        flush();
        tail = null;
        tailView = null;
        tailLen = 0;
    }

    /**
     * Makes room for an {@code n}-byte record at the end of the tail buffer (writing buffered bytes out if it
     * is full) and returns the array index to encode it at; follow with {@link #commit(int)}.
     */
    int reserve(int n) throws IOException {
        if (tailLen + n > tail.length && tail.length < tailCapacity && tailLen + n <= tailCapacity) {
            tail = Arrays.copyOf(tail, Math.min(tailCapacity, Math.max(tail.length * 2, tailLen + n)));
        }
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
        ByteBuffer buf = tailView;
        if (buf == null || buf.array() != tail) {
            buf = ByteBuffer.wrap(tail);
            tailView = buf;
        }
        buf.clear().limit(tailLen).position(from);
        long pos = written;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        written = pos;
        diskBytes = pos;
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

    int generation() {
        return generation;
    }

    /**
     * Reads up to {@code out.length} bytes of the plain file at {@code offset} (never past the written size) for
     * {@link ReadAhead}; returns how many, or -1 when fewer than {@code atLeast} are written there.
     */
    int readAhead(byte[] out, long offset, int atLeast) throws IOException {
        long available = written - offset;
        if (compressed || offset < 0 || available < atLeast) {
            return -1;
        }
        int n = (int) Math.min(out.length, available);
        readFile(out, 0, n, offset);
        return n;
    }

    /** Reads {@code len} bytes at {@code offset} from the tail buffer or the file. */
    byte[] read(long offset, int len) throws IOException {
        byte[] out = new byte[len];
        int at = tailIndex(offset, len);
        if (at >= 0) {
            System.arraycopy(tail, at, out, 0, len);
            return out;
        }
        if (compressed) {
            byte[] img = image();
            if (offset < 0 || offset + len > img.length) {
                throw new EOFException("short read in " + path + " at " + offset);
            }
            System.arraycopy(img, (int) offset, out, 0, len);
            return out;
        }
        readFile(out, offset);
        return out;
    }

    /**
     * Reads {@code len} bytes at {@code offset} of the written plain image into {@code out} at {@code outOff}
     * (a sealed block: nothing is buffered; a compressed one reads through its image).
     */
    void readRange(byte[] out, int outOff, int len, long offset) throws IOException {
        if (offset < 0 || offset + len > written) {
            throw new EOFException("short read in " + path + " at " + offset);
        }
        if (compressed) {
            System.arraycopy(image(), (int) offset, out, outOff, len);
            return;
        }
        readFile(out, outOff, len, offset);
    }

    /**
     * Visits every valid record of the written plain image. A plain file is read through a window of
     * {@value #SCAN_WINDOW} bytes (a record larger than the window is a message and is skipped unread); a file
     * with damaged bytes, or a compressed one, is scanned as a whole image as at recovery.
     */
    void scanRecords(BlockScanner.Visitor visitor) throws IOException {
        if (compressed || !scanWindowed(visitor)) {
            byte[] img = readAll();
            BlockScanner.scan(img, img.length, visitor);
        }
    }

    static final int SCAN_WINDOW = 64 * 1024;

    /** The windowed scan; {@code false} (nothing visited) when the file is not a clean run of records. */
    private boolean scanWindowed(BlockScanner.Visitor visitor) throws IOException {
        if (!checkWindowed()) {
            return false;
        }
        byte[] window = new byte[(int) Math.min(SCAN_WINDOW, Math.max(written, BlockRecord.FRAMING))];
        long pos = 0;
        while (pos < written) {
            int avail = (int) Math.min(window.length, written - pos);
            readFile(window, 0, avail, pos);
            int off = 0;
            while (off + BlockRecord.FRAMING <= avail) {
                int len = BlockRecord.length(window, off);
                if (off + len <= avail) {
                    visitor.record(window, off);
                    off += len;
                } else if (len > window.length) {
                    off += len;
                    break;
                } else {
                    break;
                }
            }
            pos += off;
        }
        return true;
    }

    /** First pass of the windowed scan: every record well framed, every one that fits the window valid. */
    private boolean checkWindowed() throws IOException {
        byte[] window = new byte[(int) Math.min(SCAN_WINDOW, Math.max(written, BlockRecord.FRAMING))];
        long pos = 0;
        while (pos < written) {
            int avail = (int) Math.min(window.length, written - pos);
            readFile(window, 0, avail, pos);
            if (avail < BlockRecord.FRAMING) {
                return false;
            }
            int off = 0;
            while (off + BlockRecord.FRAMING <= avail) {
                int len = BlockRecord.length(window, off);
                if (len < BlockRecord.FRAMING || pos + off + len > written) {
                    return false;
                }
                if (off + len <= avail) {
                    if (!BlockRecord.valid(window, off, avail - off)) {
                        return false;
                    }
                    off += len;
                } else if (len > window.length) {
                    if (BlockRecord.type(window, off) != BlockRecord.MESSAGE) {
                        return false;
                    }
                    off += len;
                    break;
                } else {
                    break;
                }
            }
            if (off == 0) {
                return false;
            }
            pos += off;
        }
        return true;
    }

    /** The whole written file (buffered bytes excluded); a compressed block's plain image (not cached). */
    byte[] readAll() throws IOException {
        if (compressed) {
            byte[] img;
            synchronized (this) {
                img = image;
            }
            if (img != null) {
                return img;
            }
            byte[] file = new byte[(int) diskBytes];
            readFile(file, 0);
            return BlockCodec.decode(file);
        }
        return read(0, (int) written);
    }

    /** Replaces bytes of an existing record in place (in the buffer and/or the file). */
    void overwrite(long offset, byte[] bytes) throws IOException {
        generation++;
        if (compressed) {
            byte[] img = image().clone();
            System.arraycopy(bytes, 0, img, (int) offset, bytes.length);
            replaceFile(BlockCodec.encode(img, img.length));
            return;
        }
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
        generation++;
        channel.truncate(size);
        channel.force(false);
        written = size;
        diskBytes = size;
        if (tail != null) {
            tailStart = size;
            tailLen = 0;
        }
    }

    /** Swaps in a new file content already renamed over {@link #path}. */
    void reopen() throws IOException {
        generation++;
        channel.close();
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        synchronized (this) {
            detectFormat();
        }
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
