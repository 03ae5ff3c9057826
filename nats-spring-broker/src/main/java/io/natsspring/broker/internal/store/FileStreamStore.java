package io.natsspring.broker.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StreamStore} persisted under {@code <streamDir>/msgs/}:
 * <ul>
 *   <li>{@code NNNNNNNNNN.blk} — append-only block files of {@link BlockRecord}s (messages and tombstones, each
 *       with a CRC32C). The last block takes appends; a new one is started when a record would push it past
 *       {@link FileStoreConfig#blockSize()}.</li>
 *   <li>{@code store.meta} — {@link StoreMeta}: the purge floor and last sequence, rewritten atomically by
 *       purge/compact and when the block holding the last sequence disappears.</li>
 * </ul>
 * Removing a single message appends a tombstone (erase instead rewrites the record in place, flagged erased);
 * purge/compact move the floor in {@code store.meta}. A block whose messages are all gone is deleted (first
 * re-appending any tombstones it holds for older blocks); a block, other than the last, that is more than half
 * dead is rewritten (temp file, fsync, atomic rename).
 *
 * <p>On open every block is scanned and checksummed to rebuild the in-memory index. A damaged run of bytes at
 * the end of the last block (a write torn by a crash) is truncated; damage elsewhere is skipped with a warning,
 * and the records in it are never served. Reads verify the checksum again when they go to the file. Limits are
 * enforced after recovery. See {@link StreamStore} for when data reaches the OS and the device.
 *
 * <p>With {@link #setCompression compression} on, a block is compressed ({@link BlockCodec}) once it is sealed
 * (no longer the one taking appends) and whenever it is rewritten; blocks written before keep their form, so a
 * store may mix both. A compressed block is replaced atomically like a compaction, so a crash leaves either form.
 */
public final class FileStreamStore extends AbstractStreamStore {

    /** Sub-directory of the stream directory that holds this store's files. */
    public static final String DIRECTORY = "msgs";

    private static final System.Logger LOG = System.getLogger(FileStreamStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final FileStoreConfig config;
    private final List<MessageBlock> blocks = new ArrayList<>();
    private final Set<MessageBlock> touched = new LinkedHashSet<>();
    private MessageBlock active;
    private boolean directoryChanged;
    private long persistedLastSeq;
    private ScheduledFuture<?> syncTask;
    private final LoadedImages images = new LoadedImages();
    private final ReadAhead readAhead = new ReadAhead();
    private volatile boolean compress;

    private FileStreamStore(Path dir, FileStoreConfig config, StoreLimits limits) {
        super(limits, true, false);
        this.dir = dir;
        this.config = config;
    }

    /** Opens (creating if needed) the store kept under {@code streamDirectory/msgs}, recovering its contents. */
    public static FileStreamStore open(Path streamDirectory, FileStoreConfig config, StoreLimits limits)
            throws IOException {
        FileStreamStore store = new FileStreamStore(
                streamDirectory.resolve(DIRECTORY), config == null ? FileStoreConfig.DEFAULT : config, limits);
        store.recover();
        return store;
    }

    private static long location(int blockId, long offset) {
        return ((long) blockId << 32) | offset;
    }

    private MessageBlock block(long location) {
        int id = (int) (location >>> 32);
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int midId = blocks.get(mid).id;
            if (midId < id) {
                lo = mid + 1;
            } else if (midId > id) {
                hi = mid - 1;
            } else {
                return blocks.get(mid);
            }
        }
        throw new IllegalStateException("no block " + id);
    }

    // ---- recovery

    private void recover() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(StoreMeta.FILE + ".tmp"));
        StoreMeta meta = StoreMeta.read(dir);
        persistedLastSeq = meta.lastSeq();
        List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".blk.tmp")) {
                    Files.delete(f);
                } else if (name.matches("\\d{10}\\.blk")) {
                    ids.add(Integer.parseInt(name.substring(0, 10)));
                }
            }
        }
        ids.sort(null);
        RecoveryScan scan = new RecoveryScan(meta.firstSeq());
        for (int i = 0; i < ids.size(); i++) {
            MessageBlock b = MessageBlock.open(dir, ids.get(i));
            blocks.add(b);
            byte[] image;
            try {
                image = b.readAll();
            } catch (BlockCodec.DamagedBlockException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Skipped damaged compressed block {0}: {1}",
                        b.path,
                        e.getMessage());
                image = new byte[0];
            }
            BlockScanner.Result r = BlockScanner.scan(image, image.length, (img, off) -> scan.record(b, img, off));
            boolean last = i == ids.size() - 1 && !b.isCompressed();
            int torn = last ? image.length - r.validEnd() : 0;
            if (r.damagedBytes() > torn) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Skipped {0} damaged bytes in {1} region(s) of {2}",
                        r.damagedBytes() - torn,
                        r.damagedRegions() - (torn > 0 ? 1 : 0),
                        b.path);
            }
            if (torn > 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Truncating torn tail of {0}: {1} bytes after offset {2}",
                        b.path,
                        torn,
                        r.validEnd());
                b.truncate(r.validEnd());
            }
        }
        for (int i = 0; i < scan.tombstoneCount; i++) {
            long target = scan.tombstones[i];
            int slot = index.liveSlot(target);
            if (slot >= 0) {
                MessageBlock b = block(index.seqs.location(slot));
                b.liveMsgs--;
                b.liveBytes -= index.seqs.size(slot);
                index.remove(target, slot);
            }
        }
        long last =
                Math.max(Math.max(scan.maxMsgSeq, scan.maxTombstone), Math.max(meta.lastSeq(), meta.firstSeq() - 1));
        long lastTs = last == scan.maxMsgSeq ? scan.maxMsgTs : last == meta.lastSeq() ? meta.lastTimestampNanos() : 0;
        index.restoreLast(last, lastTs);
        index.moveTo(meta.firstSeq());
        if (blocks.isEmpty() || blocks.get(blocks.size() - 1).isCompressed()) {
            blocks.add(MessageBlock.open(dir, blocks.isEmpty() ? 1 : blocks.get(blocks.size() - 1).id + 1));
            directoryChanged = true;
        }
        active = blocks.get(blocks.size() - 1);
        active.activate(config.cacheSize());
        for (MessageBlock b : blocks) {
            if (b.liveMsgs == 0 && b != active) {
                touched.add(b);
            }
        }
        writeLock.lock();
        try {
            afterRemovals();
            enforceLimitsNow();
            active.flush();
        } finally {
            writeLock.unlock();
        }
        long interval =
                config.syncInterval() == null ? 0 : config.syncInterval().toMillis();
        if (interval > 0) {
            syncTask = SyncScheduler.executor()
                    .scheduleWithFixedDelay(this::backgroundSync, interval, interval, TimeUnit.MILLISECONDS);
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Recovered {0}: {1} messages, {2} blocks, {3} ms",
                dir,
                index.msgs,
                blocks.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Accumulates what the block scan finds. */
    private final class RecoveryScan {
        private final long floor;
        long maxMsgSeq;
        long maxMsgTs;
        long maxTombstone;
        long[] tombstones = new long[16];
        int tombstoneCount;

        RecoveryScan(long floor) {
            this.floor = floor;
        }

        void record(MessageBlock b, byte[] img, int off) {
            long seq = BlockRecord.seq(img, off);
            if (BlockRecord.type(img, off) == BlockRecord.TOMBSTONE) {
                b.noteTombstone(seq);
                maxTombstone = Math.max(maxTombstone, seq);
                if (tombstoneCount == tombstones.length) {
                    tombstones = Arrays.copyOf(tombstones, tombstoneCount * 2);
                }
                tombstones[tombstoneCount++] = seq;
                return;
            }
            long ts = BlockRecord.timestamp(img, off);
            if (seq > maxMsgSeq) {
                maxMsgSeq = seq;
                maxMsgTs = ts;
            } else {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Ignoring out-of-order record for sequence {0} in {1}",
                        seq,
                        b.path);
                return;
            }
            b.noteMessage(seq);
            if (BlockRecord.erased(img, off) || seq < floor) {
                return;
            }
            int len = BlockRecord.length(img, off);
            index.add(seq, BlockRecord.subject(img, off), ts, len, location(b.id, off), null);
            b.liveMsgs++;
            b.liveBytes += len;
        }
    }

    // ---- storage hooks

    private MessageBlock blockForAppend(int size) throws IOException {
        long current = active.size();
        if (current > 0 && current + size > config.blockSize()) {
            active.deactivate();
            if (compress) {
                compressSealed(active);
            }
            MessageBlock next = MessageBlock.open(dir, active.id + 1);
            next.activate(config.cacheSize());
            blocks.add(next);
            active = next;
            directoryChanged = true;
        }
        return active;
    }

    /** Turns compression of sealed blocks on or off (a stream's {@code compression}); existing blocks stay. */
    @Override
    public void setCompression(boolean on) {
        compress = on;
    }

    private void compressSealed(MessageBlock b) throws IOException {
        images.forget(b);
        if (b.compress()) {
            directoryChanged = true;
        }
    }

    @Override
    protected long recordAppended(StoredMessage m, byte[] subjectUtf8, int size) {
        try {
            MessageBlock b = blockForAppend(size);
            int at = b.reserve(size);
            BlockRecord.encodeMessage(
                    b.tailBuffer(), at, m.seq(), m.timestampNanos(), subjectUtf8, m.headers(), m.payload());
            long offset = b.commit(size);
            b.noteMessage(m.seq());
            b.liveMsgs++;
            b.liveBytes += size;
            return location(b.id, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendTombstone(long target) throws IOException {
        MessageBlock b = blockForAppend(BlockRecord.FRAMING);
        int at = b.reserve(BlockRecord.FRAMING); // first: reserving may replace the tail buffer
        BlockRecord.encodeTombstone(b.tailBuffer(), at, target);
        b.commit(BlockRecord.FRAMING);
        b.noteTombstone(target);
    }

    @Override
    protected StoredMessage recordRead(long seq, int slot) {
        long loc = index.seqs.location(slot);
        int size = index.seqs.size(slot);
        MessageBlock b = block(loc);
        long offset = loc & 0xFFFF_FFFFL;
        int at = b.tailIndex(offset, size);
        if (at >= 0 && BlockRecord.seq(b.tailBuffer(), at) == seq) {
            return BlockRecord.decode(b.tailBuffer(), at);
        }
        try {
            byte[] rec;
            int from;
            try {
                ReadAhead.Slice slice = readAhead.read(b, offset, size);
                rec = slice.bytes();
                from = slice.index();
            } catch (BlockCodec.DamagedBlockException e) {
                LOG.log(System.Logger.Level.ERROR, "Damaged compressed block {0}: {1}", b.path, e.getMessage());
                return null;
            }
            if (b.isCompressed()) {
                images.used(b);
            }
            if (!BlockRecord.valid(rec, from, size)
                    || BlockRecord.length(rec, from) != size
                    || BlockRecord.seq(rec, from) != seq
                    || BlockRecord.type(rec, from) != BlockRecord.MESSAGE) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Damaged record for sequence {0} in {1} at {2}; not served",
                        seq,
                        b.path,
                        offset);
                return null;
            }
            return BlockRecord.decode(rec, from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void recordRemoved(long seq, int slot, Removal why) {
        long loc = index.seqs.location(slot);
        int size = index.seqs.size(slot);
        MessageBlock b = block(loc);
        try {
            if (why == Removal.SINGLE) {
                appendTombstone(seq);
            } else if (why == Removal.ERASE) {
                long offset = loc & 0xFFFF_FFFFL;
                byte[] rec = b.read(offset, size);
                BlockRecord.erase(rec, 0, RANDOM);
                b.overwrite(offset, rec);
                images.forget(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.liveMsgs--;
        b.liveBytes -= size;
        touched.add(b);
    }

    @Override
    protected void persistFirstSeq(long firstSeq) {
        try {
            long last = Math.max(index.lastSeq, firstSeq - 1);
            active.flush();
            writeMeta(new StoreMeta(firstSeq, last, last == index.lastSeq ? index.lastTs : 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeMeta(StoreMeta meta) throws IOException {
        meta.write(dir);
        persistedLastSeq = meta.lastSeq();
    }

    private void writeCurrentMeta() throws IOException {
        writeMeta(new StoreMeta(index.msgs == 0 ? index.lastSeq + 1 : index.firstSeq, index.lastSeq, index.lastTs));
    }

    @Override
    protected void afterRemovals() {
        try {
            for (MessageBlock b : new ArrayList<>(touched)) {
                if (b == active || !blocks.contains(b)) {
                    continue;
                }
                if (b.liveMsgs == 0) {
                    removeBlock(b);
                } else if (b.size() - b.liveBytes > b.size() / 2) {
                    images.forget(b);
                    BlockCompaction.rewrite(blocks, b, index);
                    if (compress) {
                        compressSealed(b);
                    }
                    ensureLastPersisted();
                }
            }
            touched.clear();
            if (index.msgs == 0 && active.size() > config.blockSize() / 8) {
                writeCurrentMeta();
                MessageBlock old = active;
                old.deactivate();
                active = MessageBlock.open(dir, old.id + 1);
                active.activate(config.cacheSize());
                blocks.add(active);
                deleteBlockFile(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeBlock(MessageBlock b) throws IOException {
        long[] carried = BlockCompaction.tombstonesToCarry(blocks, b);
        for (long t : carried) {
            appendTombstone(t);
        }
        if (carried.length > 0) {
            active.flush();
        }
        deleteBlockFile(b);
        ensureLastPersisted();
    }

    private void deleteBlockFile(MessageBlock b) throws IOException {
        images.forget(b);
        b.close();
        Files.deleteIfExists(b.path);
        blocks.remove(b);
        directoryChanged = true;
    }

    /** Writes the meta file when no block holds the record of the last sequence any more. */
    private void ensureLastPersisted() throws IOException {
        long physical = 0;
        for (int i = blocks.size() - 1; i >= 0 && physical == 0; i--) {
            physical = blocks.get(i).maxSeq;
        }
        if (physical < index.lastSeq && persistedLastSeq < index.lastSeq) {
            writeCurrentMeta();
        }
    }

    // ---- flush, sync, close

    @Override
    public void flush() {
        writeLock.lock();
        try {
            ensureOpen();
            active.flush();
            if (config.syncAlways()) {
                forceLocked();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
    }

    private void forceLocked() throws IOException {
        for (MessageBlock b : blocks) {
            if (b.dirty) {
                b.force();
                b.dirty = false;
            }
        }
        if (directoryChanged) {
            directoryChanged = false;
            StoreMeta.syncDirectory(dir);
        }
    }

    @Override
    public boolean syncsEveryFlush() {
        return config.syncAlways();
    }

    @Override
    public void sync() {
        List<MessageBlock> dirty = new ArrayList<>();
        boolean syncDir;
        writeLock.lock();
        try {
            ensureOpen();
            active.flush();
            for (MessageBlock b : blocks) {
                if (b.dirty) {
                    b.dirty = false;
                    dirty.add(b);
                }
            }
            syncDir = directoryChanged;
            directoryChanged = false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
        for (MessageBlock b : dirty) {
            try {
                b.force();
            } catch (ClosedChannelException e) {
                // removed or rewritten (and forced) meanwhile
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (syncDir) {
            StoreMeta.syncDirectory(dir);
        }
    }

    private void backgroundSync() {
        readAhead.releaseIfIdle();
        try {
            if (!closed) {
                sync();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Periodic sync of " + dir + " failed", e);
        }
    }

    @Override
    public long storageBytes() {
        readLock.lock();
        try {
            long n = 0;
            for (MessageBlock b : blocks) {
                n += b.size();
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (syncTask != null) {
                syncTask.cancel(false);
            }
            active.flush();
            forceLocked();
            writeCurrentMeta();
            for (MessageBlock b : blocks) {
                b.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void discard() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (syncTask != null) {
                syncTask.cancel(false);
            }
            readAhead.clear();
            for (MessageBlock b : blocks) {
                try {
                    b.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "Closing a discarded block of " + dir + " failed", e);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Bytes the block files take on disk (compressed blocks at their compressed size). */
    public long diskBytes() {
        readLock.lock();
        try {
            long n = 0;
            for (MessageBlock b : blocks) {
                n += b.diskSize();
            }
            return n;
        } finally {
            readLock.unlock();
        }
    }

    /** The sequential-read window of this store (for tests). */
    ReadAhead readAhead() {
        return readAhead;
    }

    /** Block files currently in use, oldest first (for diagnostics and tests). */
    List<Path> blockFiles() {
        readLock.lock();
        try {
            List<Path> out = new ArrayList<>();
            for (MessageBlock b : blocks) {
                out.add(b.path);
            }
            return out;
        } finally {
            readLock.unlock();
        }
    }
}
