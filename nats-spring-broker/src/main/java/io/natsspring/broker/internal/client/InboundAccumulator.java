package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.protocol.ClientOpHandler;
import io.natsspring.broker.internal.protocol.ClientProtocolParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Feeds a connection's reads to its parser without copying them. Operations are parsed straight from each read
 * buffer; only an operation split across two reads is assembled in a small buffer of its own, which borrows
 * just the bytes that complete it from the next read (a generic cumulator would copy the whole next read).
 * Used on the connection's event loop only.
 */
final class InboundAccumulator {

    private static final int MIN_PARTIAL = 256;

    private final ClientProtocolParser parser;
    private ByteBuf partial;

    InboundAccumulator(ClientProtocolParser parser) {
        this.parser = parser;
    }

    /** Parses what {@code in} completes and keeps any incomplete tail. Does not release {@code in}. */
    void read(ByteBuf in, ClientOpHandler handler, ByteBufAllocator alloc) {
        while (partial != null && in.isReadable() && !parser.failed() && !parser.paused()) {
            int missing = parser.missingBytes(partial);
            int take;
            if (missing < 0) {
                // the control line is still open: borrow up to and including its newline, if this read has it
                // (the parser refuses a wrong verb byte or an over-long line before the newline arrives)
                int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                take = lf < 0 ? in.readableBytes() : lf - in.readerIndex() + 1;
            } else {
                take = Math.min(missing, in.readableBytes());
                reserve(missing);
            }
            partial.writeBytes(in, take);
            parser.parse(partial, handler);
            if (!partial.isReadable()) {
                partial.release();
                partial = null;
            }
        }
        if (parser.failed()) {
            in.skipBytes(in.readableBytes());
            release();
            return;
        }
        if (partial == null && in.isReadable() && !parser.paused()) {
            parser.parse(in, handler);
        }
        if (in.isReadable() && !parser.failed()) {
            if (partial == null) {
                // room for the rest of a split message at once, instead of growing (and copying) step by step
                int missing = parser.missingBytes(in);
                int held = in.readableBytes();
                partial = alloc.heapBuffer(Math.max(MIN_PARTIAL, missing > 0 ? held + missing : held));
                partial.writeBytes(in);
            } else {
                partial.writeBytes(in);
            }
        }
    }

    /**
     * Makes room for {@code missing} more bytes at the exact size: growing by {@code ensureWritable} rounds up to a
     * power of two, which takes a 16 KiB message (16,410 bytes with its control line) to 32 KiB, past the largest
     * size Netty's adaptive allocator pools in its low-memory mode.
     */
    private void reserve(int missing) {
        int needed = partial.writerIndex() + missing;
        if (partial.capacity() < needed) {
            partial.capacity(needed);
        }
    }

    /** Capacity of the buffer holding a split operation, 0 when there is none (for tests). */
    int heldCapacity() {
        return partial == null ? 0 : partial.capacity();
    }

    /** Parses what was held back while the parser was paused. */
    void resume(ClientOpHandler handler, ByteBufAllocator alloc) {
        ByteBuf held = partial;
        if (held == null) {
            return;
        }
        partial = null;
        try {
            read(held, handler, alloc);
        } finally {
            held.release();
        }
    }

    void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
