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

    private static final long LOW_MEMORY_HEAP = 512L * 1024 * 1024;

    private ReadBufferSizing() {}

    /** The receive-buffer sizing for client connections in this JVM. */
    static RecvByteBufAllocator forClients() {
        return new AdaptiveRecvByteBufAllocator(
                64, 2048, maxRead(lowMemory(Runtime.getRuntime().maxMemory())));
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
