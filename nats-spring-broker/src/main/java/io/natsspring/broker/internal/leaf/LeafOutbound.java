package io.natsspring.broker.internal.leaf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;

/**
 * What a link writes to its peer: operations from any thread are appended to one pending buffer, flushed by one task
 * on the channel's event loop (one flush per burst, not per message). Bounded: beyond {@code maxPending} bytes not
 * yet written the link is a slow consumer and writes are refused.
 */
final class LeafOutbound {

    private static final byte[] CRLF = {'\r', '\n'};

    private final Channel channel;
    private final long maxPending;
    private final Runnable onOverflow;
    private ByteBuf pending;
    private boolean scheduled;
    private boolean overflowed;

    LeafOutbound(Channel channel, long maxPending, Runnable onOverflow) {
        this.channel = channel;
        this.maxPending = maxPending;
        this.onOverflow = onOverflow;
    }

    /** Appends a protocol line (with its CRLF). */
    boolean line(String line) {
        return append(line.getBytes(StandardCharsets.UTF_8), null, null, false);
    }

    /** Appends a message: its control line, header bytes ({@code null}: none), payload and the closing CRLF. */
    boolean message(byte[] controlLine, byte[] headers, byte[] payload) {
        return append(controlLine, headers, payload, true);
    }

    private boolean append(byte[] a, byte[] b, byte[] c, boolean crlf) {
        boolean schedule;
        boolean overflow = false;
        synchronized (this) {
            if (overflowed) {
                return false;
            }
            int size = a.length + (b == null ? 0 : b.length) + (c == null ? 0 : c.length) + (crlf ? 2 : 0);
            long queued = (pending == null ? 0 : pending.readableBytes()) + size;
            if (queued + unwritten() > maxPending) {
                overflowed = true;
                overflow = true;
                schedule = false;
            } else {
                if (pending == null) {
                    pending = Unpooled.buffer(Math.max(256, size));
                }
                pending.writeBytes(a);
                if (b != null) {
                    pending.writeBytes(b);
                }
                if (c != null) {
                    pending.writeBytes(c);
                }
                if (crlf) {
                    pending.writeBytes(CRLF);
                }
                schedule = !scheduled;
                scheduled = true;
            }
        }
        if (overflow) {
            onOverflow.run();
            return false;
        }
        if (schedule) {
            channel.eventLoop().execute(this::flush);
        }
        return true;
    }

    private long unwritten() {
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Writes what is pending now (on the event loop, before the channel closes). */
    void flushNow() {
        flush();
    }

    private void flush() {
        ByteBuf out;
        synchronized (this) {
            out = pending;
            pending = null;
            scheduled = false;
        }
        if (out != null) {
            channel.writeAndFlush(out, channel.voidPromise());
        }
    }

    /** Drops what is pending (the link closed). */
    synchronized void discard() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        overflowed = true;
    }
}
