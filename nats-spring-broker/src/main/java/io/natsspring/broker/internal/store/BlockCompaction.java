package io.natsspring.broker.internal.store;

import java.io.IOException;
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

    /** Targets of the tombstones in {@code b} that older blocks still need, ascending (a bounded windowed scan). */
    static long[] tombstonesToCarry(List<MessageBlock> blocks, MessageBlock b) throws IOException {
        if (b.maxForeignTombstone == 0 || !olderOverlaps(blocks, b, b.minForeignTombstone, b.maxForeignTombstone)) {
            return new long[0];
        }
        long[][] found = {new long[8]};
        int[] n = {0};
        b.scanRecords((d, off) -> {
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
     * still need: streamed record by record into a temp file through one small fixed buffer ({@link
     * BlockFileWriter}), fsync, atomic rename; then repoints the index at the new offsets. Nothing proportional
     * to the block is allocated, so a stream that starts discarding at its size limit under a small heap does not
     * run out of memory here. A failure before the rename leaves the block and the index as they were.
     */
    static void rewrite(List<MessageBlock> blocks, MessageBlock b, StoreIndex index) throws IOException {
        Runnable hook = testHook;
        if (hook != null) {
            hook.run();
        }
        long from = Math.max(b.minSeq, index.firstSeq);
        long before = b.size();
        long[] carried = tombstonesToCarry(blocks, b);
        Path tmp = b.path.resolveSibling(b.path.getFileName() + ".tmp");
        long newMin = 0;
        long newMax = 0;
        long n;
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            BlockFileWriter out = new BlockFileWriter(ch);
            long left = b.liveMsgs;
            for (long s = from; s <= b.maxSeq && left > 0; s++) {
                int slot = liveSlotIn(index, b, s);
                if (slot < 0) {
                    continue;
                }
                out.copy(b, index.seqs.location(slot) & 0xFFFF_FFFFL, index.seqs.size(slot));
                left--;
                if (newMin == 0) {
                    newMin = s;
                }
                newMax = s;
            }
            for (long t : carried) {
                out.tombstone(t);
            }
            out.flush();
            n = out.position();
            ch.force(true);
        }
        Files.move(tmp, b.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        StoreMeta.syncDirectory(b.path.getParent());
        b.reopen();
        // second walk over the same live messages, in the same order: their new offsets follow one another
        long offset = 0;
        long left = b.liveMsgs;
        for (long s = newMin; newMin != 0 && s <= newMax && left > 0; s++) {
            int slot = liveSlotIn(index, b, s);
            if (slot < 0) {
                continue;
            }
            index.seqs.setLocation(slot, ((long) b.id << 32) | offset);
            offset += index.seqs.size(slot);
            left--;
        }
        b.minSeq = newMin;
        b.maxSeq = newMax;
        b.minForeignTombstone = Long.MAX_VALUE;
        b.maxForeignTombstone = 0;
        for (long t : carried) {
            b.noteTombstone(t);
        }
        LOG.log(System.Logger.Level.DEBUG, "Compacted {0}: {1} -> {2} bytes", b.path, before, n);
    }

    /** The index slot of {@code seq} when it is live and stored in {@code b}, else -1. */
    private static int liveSlotIn(StoreIndex index, MessageBlock b, long seq) {
        int slot = index.liveSlot(seq);
        if (slot < 0 || (int) (index.seqs.location(slot) >>> 32) != b.id) {
            return -1;
        }
        return slot;
    }

    /** Test hook: runs at the start of every {@link #rewrite} (tests inject failures here). */
    static volatile Runnable testHook;
}
