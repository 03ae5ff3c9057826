package io.natsspring.broker.internal.jetstream.consumer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A durable consumer's append-only state journal, {@code consumers/<name>/state.journal}, beside
 * {@code state.json}: each state write appends one record holding the whole delivery state (so the newest valid
 * record is the state), which costs one {@code write} to an open file instead of replacing {@code state.json}
 * (temp file + rename, about twenty times dearer on ext4). When the journal passes {@link #MAX_BYTES} or
 * {@link #MAX_RECORDS} it is folded: the newest state is written to {@code state.json} and the journal truncated.
 *
 * <p>Record: {@code int length, int crc32c(payload), payload}; payload: {@code byte version, long delivered
 * consumer/stream seq, long ack floor consumer/stream seq, int n, n × (long stream seq, long consumer seq, long
 * delivered nanos), int m, m × (long stream seq, long delivery count)}. A record whose length runs past the end of
 * the file or whose checksum does not match (a write torn by {@code kill -9}) ends the journal: it and anything
 * after it are ignored.
 *
 * <p>Durability is the stream store's: an append is handed to the OS (survives a crash of the process), and is
 * forced to the device ({@code fdatasync}) only when the stream's store syncs every write ({@code sync_interval:
 * always}). A fold writes {@code state.json} with exactly the state of the journal's last record, so a crash
 * between the rename and the truncation restores the same state. Consumer thread only.
 */
final class ConsumerJournal implements AutoCloseable {

    static final String NAME = "state.journal";

    /** The journal is folded into {@code state.json} once it holds more bytes than this. */
    static final long MAX_BYTES = 1 << 20;

    /** … or more records than this. */
    static final int MAX_RECORDS = 4096;

    private static final byte VERSION = 1;
    private static final int HEADER = 8;

    /** A record buffer up to this size is kept for the next append. */
    static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private final Path dir;
    private final boolean sync;
    private FileChannel channel;
    private long bytes;
    private int records;
    private long folds;
    private boolean broken;
    private ByteBuffer scratch;
    private final CRC32C crc = new CRC32C();

    /**
     * @param dir  the consumer's directory
     * @param sync force every append (and fold) to the device
     */
    ConsumerJournal(Path dir, boolean sync) {
        this.dir = dir;
        this.sync = sync;
    }

    /** A state to append: encoded straight into the record, built as a state only when the journal is folded. */
    interface Source {
        /** Bytes {@link #encode} writes. */
        int encodedSize();

        /** Writes the record payload (see the class comment). */
        void encode(ByteBuffer b);

        /** The same state as an object (for {@code state.json}). */
        ConsumerStateFile.State state();
    }

    /** Appends {@code s}; see {@link #append(Source)}. */
    void append(ConsumerStateFile.State s) throws IOException {
        append(new Source() {
            @Override
            public int encodedSize() {
                return ConsumerJournal.encodedSize(
                        s.pending().size(), s.deliveryCounts().size());
            }

            @Override
            public void encode(ByteBuffer b) {
                ConsumerJournal.encode(s, b);
            }

            @Override
            public ConsumerStateFile.State state() {
                return s;
            }
        });
    }

    /**
     * Appends {@code s}; folds into {@code state.json} when the journal grew past its bound. After a failed append
     * (the file may end in a partial record) the next call folds instead, which also drops that partial record.
     * The record is encoded into a buffer kept for the next append (up to {@value #KEPT_BUFFER_BYTES} bytes).
     */
    void append(Source s) throws IOException {
        if (broken) {
            fold(s.state());
            return;
        }
        int size = s.encodedSize();
        ByteBuffer b = buffer(HEADER + size);
        b.position(HEADER);
        s.encode(b);
        int length = b.position() - HEADER;
        crc.reset();
        crc.update(b.array(), b.arrayOffset() + HEADER, length);
        b.putInt(0, length).putInt(4, (int) crc.getValue()).flip();
        try {
            FileChannel ch = channel();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (sync) {
                ch.force(false);
            }
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        bytes += HEADER + length;
        records++;
        if (bytes > MAX_BYTES || records > MAX_RECORDS) {
            fold(s.state());
        }
    }

    /** A cleared buffer of at least {@code size} bytes: the kept one, or a new one (kept if small enough). */
    private ByteBuffer buffer(int size) {
        if (scratch != null && scratch.capacity() >= size) {
            return scratch.clear();
        }
        ByteBuffer b = ByteBuffer.allocate(Math.max(size, 256));
        if (size <= KEPT_BUFFER_BYTES) {
            scratch = b;
        }
        return b;
    }

    /** Writes {@code s} (the journal's newest state) to {@code state.json}, then empties the journal. */
    void fold(ConsumerStateFile.State s) throws IOException {
        broken = true;
        ConsumerStateFile.writeState(dir, s, sync);
        FileChannel ch = channel();
        ch.truncate(0);
        if (sync) {
            ch.force(false);
        }
        broken = false;
        bytes = 0;
        records = 0;
        folds++;
    }

    /** Folds done so far. */
    long folds() {
        return folds;
    }

    /** Records appended since the last fold. */
    int records() {
        return records;
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            // the directory is made with meta.json at create; a deleted consumer's or stream's is not made again
            channel = FileChannel.open(
                    dir.resolve(NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            bytes = channel.size();
        }
        return channel;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was buffered by us; the OS has every completed write
            }
            channel = null;
        }
    }

    /** The state of the newest valid record in {@code dir}'s journal, {@code null} when there is none. */
    static ConsumerStateFile.State readLast(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return lastValid(Files.readAllBytes(file));
    }

    /** The newest record of {@code journal} before the end or the first torn/corrupt record. */
    static ConsumerStateFile.State lastValid(byte[] journal) {
        ByteBuffer b = ByteBuffer.wrap(journal);
        ConsumerStateFile.State last = null;
        while (b.remaining() >= HEADER) {
            int length = b.getInt();
            int crc = b.getInt();
            if (length < 1 || length > b.remaining()) {
                break;
            }
            int at = b.position();
            if (crc(journal, at, length) != crc) {
                break;
            }
            ConsumerStateFile.State s =
                    decode(ByteBuffer.wrap(journal, at, length).slice());
            if (s == null) {
                break;
            }
            last = s;
            b.position(at + length);
        }
        return last;
    }

    static byte[] encode(ConsumerStateFile.State s) {
        ByteBuffer b = ByteBuffer.allocate(
                encodedSize(s.pending().size(), s.deliveryCounts().size()));
        encode(s, b);
        return b.array();
    }

    /** Bytes of a payload with {@code pending} pending deliveries and {@code counts} delivery counts. */
    static int encodedSize(int pending, int counts) {
        return 1 + 4 * 8 + 4 + pending * 24 + 4 + counts * 16;
    }

    /** The payload's version and sequences; the pending deliveries and delivery counts follow. */
    static void encodeHeader(
            ByteBuffer b, long deliveredConsumer, long deliveredStream, long floorConsumer, long floorStream) {
        b.put(VERSION);
        b.putLong(deliveredConsumer).putLong(deliveredStream);
        b.putLong(floorConsumer).putLong(floorStream);
    }

    private static void encode(ConsumerStateFile.State s, ByteBuffer b) {
        encodeHeader(
                b, s.deliveredConsumerSeq(), s.deliveredStreamSeq(), s.ackFloorConsumerSeq(), s.ackFloorStreamSeq());
        b.putInt(s.pending().size());
        for (long[] p : s.pending()) {
            b.putLong(p[0]).putLong(p[1]).putLong(p[2]);
        }
        b.putInt(s.deliveryCounts().size());
        for (Map.Entry<Long, Long> e : s.deliveryCounts().entrySet()) {
            b.putLong(e.getKey()).putLong(e.getValue());
        }
    }

    /** Decodes a payload whose checksum matched; {@code null} when it is not a record this version knows. */
    private static ConsumerStateFile.State decode(ByteBuffer b) {
        if (b.remaining() < 1 + 4 * 8 + 4 || b.get() != VERSION) {
            return null;
        }
        long dc = b.getLong();
        long ds = b.getLong();
        long fc = b.getLong();
        long fs = b.getLong();
        int n = b.getInt();
        if (n < 0 || (long) n * 24 + 4 > b.remaining()) {
            return null;
        }
        List<long[]> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pending.add(new long[] {b.getLong(), b.getLong(), b.getLong()});
        }
        int m = b.getInt();
        if (m < 0 || (long) m * 16 != b.remaining()) {
            return null;
        }
        Map<Long, Long> counts = new HashMap<>();
        for (int i = 0; i < m; i++) {
            counts.put(b.getLong(), b.getLong());
        }
        return new ConsumerStateFile.State(dc, ds, fc, fs, pending, counts);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return (int) c.getValue();
    }
}
