package io.natsspring.broker.internal.server;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

/**
 * How large a client connection's read buffers may grow. Netty's default lets a busy connection read 64 KiB at a
 * time, but its adaptive allocator pools buffers above 16,896 bytes only when it is not in low-memory mode (a
 * maximum heap above 512 MiB, or {@code -Dio.netty.allocator.lowMemory=false}); in low-memory mode (the standalone
 * launcher's {@code -Xmx256m}) every such read allocated, zeroed and freed fresh direct memory. There the reads stop
 * at 16 KiB, which stays pooled.
 */
final class ReadBufferSizing {

    /** Largest read the adaptive allocator always pools. */
    static final int POOLED_MAX = 16 * 1024;
    /** Netty's own maximum. */
    static final int DEFAULT_MAX = 64 * 1024;

    /** Reads per read batch (Netty's default for socket channels); targets are flushed once per batch. */
    static final int MAX_READS_PER_BATCH = 16;

    private static final long LOW_MEMORY_HEAP = 512L * 1024 * 1024;

    private ReadBufferSizing() {}

    /** The receive-buffer sizing for client connections in this JVM. */
    static RecvByteBufAllocator forClients() {
        AdaptiveRecvByteBufAllocator sizing = new AdaptiveRecvByteBufAllocator(
                64, 2048, maxRead(lowMemory(Runtime.getRuntime().maxMemory())));
        // An allocator set through ChannelOption keeps its own default of one read per read batch (only the
        // channel's built-in one gets the transport's 16): one read per batch meant one flush of every target
        // per 16 KiB read instead of per batch of up to 16 reads.
        sizing.maxMessagesPerRead(MAX_READS_PER_BATCH);
        return sizing;
    }

    static int maxRead(boolean lowMemory) {
        return lowMemory ? POOLED_MAX : DEFAULT_MAX;
    }

    /** Netty 4.2's rule for its adaptive allocator's low-memory mode. */
    static boolean lowMemory(long maxHeap) {
        String forced = System.getProperty("io.netty.allocator.lowMemory");
        if (forced != null && !forced.isBlank()) {
            return Boolean.parseBoolean(forced.trim());
        }
        return maxHeap <= LOW_MEMORY_HEAP;
    }
}
