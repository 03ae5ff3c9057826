package io.natsspring.broker.internal.server;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import java.util.Locale;

/**
 * Where a client connection's reads go, and how large they are. By default a plain connection reads up to 64 KiB
 * into the one direct buffer of its event loop ({@code loop}). A TLS connection, and {@code adaptive}, use Netty's
 * adaptive sizing into its pooled buffers, up to 64 KiB, but only up to 16 KiB where Netty's adaptive allocator is
 * in its low-memory mode (a maximum heap of 512 MiB or less, such as the standalone launcher's {@code -Xmx256m},
 * unless {@code -Dio.netty.allocator.lowMemory=false}): that mode pools nothing above 16,896 bytes, so a 64 KiB
 * read allocated, zeroed and freed fresh direct memory each time.
 *
 * <p>{@value #SIZE_PROPERTY} overrides the size (bytes, or with a {@code k} suffix for KiB; 1 KiB to 1 MiB) and
 * {@value #MODE_PROPERTY} the way ({@code adaptive}: Netty's pooled buffers, from 2 KiB up to the size as reads fill
 * them; {@code fixed}: Netty's pooled buffers of the size; {@code loop}: every read of a plain connection into the
 * one direct buffer of its event loop, {@link EventLoopReadBuffer}, default size 64 KiB, no allocation per read in
 * either allocator mode; TLS connections then keep the adaptive sizing, since their decoder holds on to a read
 * buffer that ends inside a record), for measurements.
 */
final class ReadBufferSizing {

    /** System property: the largest read of a client connection, in bytes ({@code 65536}) or KiB ({@code 64k}). */
    static final String SIZE_PROPERTY = "io.natsspring.broker.readBufferSize";
    /** System property: {@code loop} (the default), {@code adaptive} or {@code fixed}. */
    static final String MODE_PROPERTY = "io.natsspring.broker.readBufferSizing";

    /** Largest read the adaptive allocator always pools (the cap of pooled reads in its low-memory mode). */
    static final int POOLED_MAX = 16 * 1024;
    /** Netty's own maximum, and the default size of the event loop's buffer. */
    static final int DEFAULT_MAX = 64 * 1024;

    /** Reads per read batch (Netty's default for socket channels); targets are flushed once per batch. */
    static final int MAX_READS_PER_BATCH = 16;

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
        return forClients(false);
    }

    /**
     * The receive-buffer sizing for client connections that speak TLS: as {@link #forClients()}, except that the
     * loop's buffer is replaced by Netty's adaptive sizing (a TLS decoder keeps the read buffer that ends with an
     * incomplete record, which would make the loop allocate a new buffer for almost every read of a busy client).
     */
    static RecvByteBufAllocator forTlsClients() {
        return forClients(true);
    }

    private static RecvByteBufAllocator forClients(boolean tls) {
        String size = System.getProperty(SIZE_PROPERTY);
        Mode mode = mode(System.getProperty(MODE_PROPERTY));
        DefaultMaxMessagesRecvByteBufAllocator sizing;
        if (mode == Mode.LOOP && !tls) {
            sizing = new EventLoopReadBuffer(maxRead(size, false));
        } else {
            int max = maxRead(size, lowMemory(Runtime.getRuntime().maxMemory()));
            sizing = mode == Mode.FIXED
                    ? new FixedRecvByteBufAllocator(max)
                    : new AdaptiveRecvByteBufAllocator(64, Math.min(2048, max), max);
        }
        // An allocator set through ChannelOption keeps its own default of one read per read batch (only the
        // channel's built-in one gets the transport's 16): one read per batch meant one flush of every target
        // per read instead of per batch of up to 16 reads.
        sizing.maxMessagesPerRead(MAX_READS_PER_BATCH);
        return sizing;
    }

    static int maxRead(boolean lowMemory) {
        return lowMemory ? POOLED_MAX : DEFAULT_MAX;
    }

    /** The configured size when {@code configured} is set, else the default of pooled reads for the allocator's mode. */
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

    /** The mode named by {@code mode}; {@link Mode#LOOP} when nothing is named. */
    static Mode mode(String mode) {
        if (mode == null || mode.isBlank()) {
            return Mode.LOOP;
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
