package io.natsspring.broker.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes a new block file sequentially through one small fixed buffer ({@value #BUFFER} bytes), copying records
 * out of another block chunk by chunk: rewriting a block never holds more than the buffer in memory, however big
 * the block or its records.
 */
final class BlockFileWriter {

    static final int BUFFER = 64 * 1024;

    private final FileChannel channel;
    private final byte[] buf = new byte[BUFFER];
    private int used;
    private long written;

    BlockFileWriter(FileChannel channel) {
        this.channel = channel;
    }

    /** Copies {@code len} bytes at {@code offset} of {@code from}'s plain image. */
    void copy(MessageBlock from, long offset, int len) throws IOException {
        long at = offset;
        int left = len;
        while (left > 0) {
            if (used == buf.length) {
                flush();
            }
            int n = Math.min(left, buf.length - used);
            from.readRange(buf, used, n, at);
            used += n;
            at += n;
            left -= n;
        }
    }

    /** Appends a tombstone record for {@code seq}. */
    void tombstone(long seq) throws IOException {
        if (buf.length - used < BlockRecord.FRAMING) {
            flush();
        }
        used += BlockRecord.encodeTombstone(buf, used, seq);
    }

    /** Bytes handed to this writer so far. */
    long position() {
        return written + used;
    }

    /** Writes what is buffered. */
    void flush() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, used);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        written += used;
        used = 0;
    }
}
