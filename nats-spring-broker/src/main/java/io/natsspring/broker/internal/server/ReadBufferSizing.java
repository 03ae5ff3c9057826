package io.natsspring.broker.internal.server;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import java.util.Locale;

/**
 * How large a client connection's read buffers may grow. Netty's default lets a busy connection read 64 KiB at a
 * time, but its adaptive allocator pools buffers above 16,896 bytes only when it is not in low-memory mode (a
 * maximum heap above 512 MiB, or {@code -Dio.netty.allocator.lowMemory=false}); in low-memory mode (the standalone
 * launcher's {@code -Xmx256m}) every such read allocated, zeroed and freed fresh direct memory. There the reads stop
 * at 16 KiB, which stays pooled.
 *
 * <p>{@value #SIZE_PROPERTY} overrides the largest read (bytes, or with a {@code k} suffix for KiB; 1 KiB to 1
 * MiB) and {@value #MODE_PROPERTY} the sizing ({@code adaptive}: Netty's, from 2 KiB up to that size as reads fill
 * their buffers; {@code fixed}: every read that size; {@code loop}: every read that size into one buffer per event
 * loop), both for measurements.
 */
final class ReadBufferSizing {

    /** System property: the largest read of a client connection, in bytes ({@code 65536}) or KiB ({@code 64k}). */
    static final String SIZE_PROPERTY = "io.natsspring.broker.readBufferSize";
    /** System property: {@code adaptive} (the default), {@code fixed} or {@code loop}. */
    static final String MODE_PROPERTY = "io.natsspring.broker.readBufferSizing";

    /** Largest read the adaptive allocator always pools. */
    static final int POOLED_MAX = 16 * 1024;
    /** Netty's own maximum. */
    static final int DEFAULT_MAX = 64 * 1024;

    static final int MIN_SIZE = 1024;
    static final int MAX_SIZE = 1024 * 1024;

    private static final long LOW_MEMORY_HEAP = 512L * 1024 * 1024;

    private ReadBufferSizing() {}

    /** How reads get their buffers. */
    enum Mode {
        /** Netty's adaptive sizing, from 2 KiB up to the size as reads fill their buffers; pooled by Netty. */
        ADAPTIVE,
        /** Every read the size; pooled by Netty. */
        FIXED,
        /** Every read the size, into the one buffer of the event loop ({@link EventLoopReadBuffer}). */
        LOOP
    }

    /**
     * The receive-buffer sizing for client connections in this JVM.
     *
     * @throws IllegalArgumentException naming the system property when it holds no valid value
     */
    static RecvByteBufAllocator forClients() {
        int max = maxRead(
                System.getProperty(SIZE_PROPERTY),
                lowMemory(Runtime.getRuntime().maxMemory()));
        return switch (mode(System.getProperty(MODE_PROPERTY))) {
            case ADAPTIVE -> new AdaptiveRecvByteBufAllocator(64, Math.min(2048, max), max);
            case FIXED -> new FixedRecvByteBufAllocator(max);
            case LOOP -> new EventLoopReadBuffer(max);
        };
    }

    static int maxRead(boolean lowMemory) {
        return lowMemory ? POOLED_MAX : DEFAULT_MAX;
    }

    /** The configured size when {@code configured} is set, else the default for the allocator's mode. */
    static int maxRead(String configured, boolean lowMemory) {
        if (configured == null || configured.isBlank()) {
            return maxRead(lowMemory);
        }
        String value = configured.trim().toLowerCase(Locale.ROOT);
        int unit = 1;
        if (value.endsWith("k")) {
            unit = 1024;
            value = value.substring(0, value.length() - 1).trim();
        }
        long bytes;
        try {
            bytes = Long.parseLong(value) * unit;
        } catch (NumberFormatException e) {
            throw invalid(SIZE_PROPERTY, configured, "a size in bytes (65536) or KiB (64k)");
        }
        if (bytes < MIN_SIZE || bytes > MAX_SIZE) {
            throw invalid(SIZE_PROPERTY, configured, "a size from 1k to 1024k");
        }
        return (int) bytes;
    }

    /** The mode named by {@code mode}; {@link Mode#ADAPTIVE} when nothing is named. */
    static Mode mode(String mode) {
        if (mode == null || mode.isBlank()) {
            return Mode.ADAPTIVE;
        }
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "adaptive" -> Mode.ADAPTIVE;
            case "fixed" -> Mode.FIXED;
            case "loop" -> Mode.LOOP;
            default -> throw invalid(MODE_PROPERTY, mode, "adaptive, fixed or loop");
        };
    }

    private static IllegalArgumentException invalid(String property, String value, String expected) {
        return new IllegalArgumentException(
                "system property " + property + "=" + value + " is not valid: expected " + expected);
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
