package io.natsspring.broker.internal.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Reads every client connection of an event loop into one direct buffer owned by that loop, allocated once: no
 * allocation per read, whatever the read size and the allocator's mode. It works because a read buffer is released
 * by the pipeline before the loop reads the next one (the client parser copies what it keeps). When a handler still
 * holds the buffer at the next read (a TLS decoder keeping an incomplete record), the loop leaves it to that handler
 * and takes a new one. Bounded per event loop, not per connection; freed when the loop's thread ends.
 */
final class EventLoopReadBuffer extends DefaultMaxMessagesRecvByteBufAllocator {

    /** One per thread for the whole JVM (not per instance: each {@link FastThreadLocal} takes an index for good). */
    private static final FastThreadLocal<ByteBuf> BUFFERS = new FastThreadLocal<>() {
        @Override
        protected void onRemoval(ByteBuf buffer) {
            if (buffer != null) {
                buffer.release();
            }
        }
    };

    private final int size;

    EventLoopReadBuffer(int size) {
        this.size = size;
    }

    int size() {
        return size;
    }

    @Override
    public Handle newHandle() {
        return new MaxMessageHandle() {
            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                return take();
            }

            @Override
            public int guess() {
                return size;
            }
        };
    }

    /** The calling loop's buffer, cleared, with one reference for the reader (who releases it). */
    ByteBuf take() {
        ByteBuf buffer = BUFFERS.get();
        if (buffer == null || buffer.refCnt() != 1 || buffer.capacity() != size) {
            if (buffer != null) {
                buffer.release(); // held elsewhere: the holder's now; or another size: freed
            }
            buffer = UnpooledByteBufAllocator.DEFAULT.directBuffer(size, size);
            BUFFERS.set(buffer);
        }
        return buffer.retain().clear();
    }
}
