package io.natsspring.broker.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites sparse blocks and finds the tombstones a block must hand on before it disappears: a tombstone has to
 * survive as long as an older block still physically holds the message it removes.
 */
final class BlockCompaction {

    private static final System.Logger LOG = System.getLogger(BlockCompaction.class.getName());

    private BlockCompaction() {}

    /** True when a block older than {@code b} (in {@code blocks}, oldest first) physically holds {@code seq}. */
    static boolean olderHolds(List<MessageBlock> blocks, MessageBlock b, long seq) {
        for (MessageBlock o : blocks) {
            if (o == b) {
                return false;
            }
            if (o.holdsPhysically(seq)) {
                return true;
            }
        }
        return false;
    }

    private static boolean olderOverlaps(List<MessageBlock> blocks, MessageBlock b, long min, long max) {
        for (MessageBlock o : blocks) {
            if (o == b) {
                return false;
            }
            if (o.minSeq != 0 && o.minSeq <= max && o.maxSeq >= min) {
                return true;
            }
        }
        return false;
    }

    /** Targets of the tombstones in {@code b} that older blocks still need, ascending. */
    static long[] tombstonesToCarry(List<MessageBlock> blocks, MessageBlock b, byte[] image) throws IOException {
        if (b.maxForeignTombstone == 0 || !olderOverlaps(blocks, b, b.minForeignTombstone, b.maxForeignTombstone)) {
            return new long[0];
        }
        byte[] img = image != null ? image : b.readAll();
        long[][] found = {new long[8]};
        int[] n = {0};
        BlockScanner.scan(img, img.length, (d, off) -> {
            if (BlockRecord.type(d, off) == BlockRecord.TOMBSTONE) {
                long t = BlockRecord.seq(d, off);
                if (!b.holdsPhysically(t) && olderHolds(blocks, b, t)) {
                    if (n[0] == found[0].length) {
                        found[0] = Arrays.copyOf(found[0], n[0] * 2);
                    }
                    found[0][n[0]++] = t;
                }
            }
        });
        long[] result = Arrays.copyOf(found[0], n[0]);
        Arrays.sort(result);
        return result;
    }

    /**
     * Rewrites {@code b} (not the active block) with only its live messages and the tombstones older blocks
     * still need: temp file, fsync, atomic rename; then repoints the index at the new offsets.
     */
    static void rewrite(List<MessageBlock> blocks, MessageBlock b, StoreIndex index) throws IOException {
        byte[] img = b.readAll();
        byte[] out = new byte[img.length];
        int n = 0;
        long from = Math.max(b.minSeq, index.firstSeq);
        int moved = 0;
        int[] slots = new int[(int) Math.min(b.liveMsgs, Integer.MAX_VALUE)];
        long[] offsets = new long[slots.length];
        long newMin = 0;
        long newMax = 0;
        for (long s = from; s <= b.maxSeq && moved < slots.length; s++) {
            int slot = index.liveSlot(s);
            if (slot < 0) {
                continue;
            }
            long loc = index.seqs.location(slot);
            if ((int) (loc >>> 32) != b.id) {
                continue;
            }
            int size = index.seqs.size(slot);
            System.arraycopy(img, (int) (loc & 0xFFFF_FFFFL), out, n, size);
            slots[moved] = slot;
            offsets[moved++] = ((long) b.id << 32) | n;
            n += size;
            if (newMin == 0) {
                newMin = s;
            }
            newMax = s;
        }
        long[] carried = tombstonesToCarry(blocks, b, img);
        for (long t : carried) {
            n += BlockRecord.encodeTombstone(out, n, t);
        }
        Path tmp = b.path.resolveSibling(b.path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(out, 0, n);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, b.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        StoreMeta.syncDirectory(b.path.getParent());
        b.reopen();
        for (int i = 0; i < moved; i++) {
            index.seqs.setLocation(slots[i], offsets[i]);
        }
        b.minSeq = newMin;
        b.maxSeq = newMax;
        b.minForeignTombstone = Long.MAX_VALUE;
        b.maxForeignTombstone = 0;
        for (long t : carried) {
            b.noteTombstone(t);
        }
        LOG.log(System.Logger.Level.DEBUG, "Compacted {0}: {1} -> {2} bytes", b.path, img.length, n);
    }
}
