package io.natsspring.broker.internal.client;

import io.natsspring.broker.internal.protocol.ServerOps;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's outbound buffer. Publishers on any thread append frames under a short lock; the connection's
 * event loop takes the whole buffer and writes it to the socket in one go when flushed, at most once per
 * publisher read batch. Also enforces {@code max_pending}: a frame that would push the bytes not yet on the
 * socket past it is refused and the owner is told it is a slow consumer.
 *
 * <p>The buffer grows up to {@link #MAX_CHUNK} bytes; past that it is sealed and the next frames go to a new chunk,
 * and a flush writes the chunks in order (one gathering write). A single growing buffer outgrew the pooled sizes of
 * Netty's allocator under bursts of larger messages, and each flush then allocated (and zeroed) fresh direct memory.
 */
final class ClientOutbound {

    private static final int MIN_BUFFER = 4096;
    /**
     * Largest buffer a connection fills before starting another: inside the size classes Netty's adaptive allocator
     * always pools (up to 16,896 bytes); with a heap of 512 MiB or less it pools nothing larger.
     */
    static final int MAX_CHUNK = 16 * 1024;

    private static final byte[] HMSG = "HMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_RESPONDERS_HEADER = "NATS/1.0 503\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flushNow;
    private final long maxPending;
    private final Runnable onSlowConsumer;
    private Channel channel;
    private ByteBuf buffer;
    /** Full chunks waiting for the flush, oldest first; created on first use. Bounded by {@code max_pending}. */
    private ArrayDeque<ByteBuf> sealed;

    private long sealedBytes;
    /** Bytes taken by the last flush: a busy connection's next buffer starts that large (up to a chunk). */
    private int lastFlushBytes;

    private boolean closed;
    /** Written under {@link #lock}; read by monitoring. */
    private volatile long msgs;

    private volatile long bytes;

    ClientOutbound(long maxPending, Runnable onSlowConsumer) {
        this.maxPending = maxPending;
        this.onSlowConsumer = onSlowConsumer;
    }

    void bind(Channel channel) {
        this.channel = channel;
    }

    long msgs() {
        return msgs;
    }

    long bytes() {
        return bytes;
    }

    /** Appends protocol bytes (INFO, PONG, +OK, -ERR). After {@link #close()} only an {@code -ERR} is taken. */
    void appendRaw(byte[] data) {
        lock.lock();
        try {
            if (!closed || data.length > 0 && data[0] == '-') {
                buffer(data.length).writeBytes(data);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a MSG/HMSG frame. {@code withHeaders} false strips a header block (for clients that did not
     * negotiate headers). Returns {@code false} when closed or when the frame would exceed {@code max_pending}.
     */
    boolean appendMsg(InboundMessage m, byte[] sid, boolean withHeaders) {
        int headerLength = m.headerLength();
        int dataIndex = m.dataIndex();
        int total = m.totalLength();
        if (headerLength >= 0 && !withHeaders) {
            dataIndex += headerLength;
            total -= headerLength;
            headerLength = -1;
        }
        int frame =
                ServerOps.msgFrameOverhead(m.subjectLength(), sid.length, m.replyLength(), headerLength, total) + total;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (pendingLocked() + frame > maxPending) {
                closed = true;
                onSlowConsumer.run();
                return false;
            }
            ServerOps.writeMsg(
                    buffer(frame),
                    m.buffer(),
                    m.subjectIndex(),
                    m.subjectLength(),
                    sid,
                    m.buffer(),
                    m.replyIndex(),
                    m.replyLength(),
                    headerLength,
                    m.buffer(),
                    dataIndex,
                    total);
            msgs++;
            bytes += total;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Appends the {@code 503} no-responders status on the request's reply subject. */
    void appendNoResponders(InboundMessage request, byte[] sid) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            ByteBuf b = buffer(64 + request.replyLength() + sid.length);
            b.writeBytes(HMSG);
            b.writeBytes(request.buffer(), request.replyIndex(), request.replyLength());
            b.writeByte(' ');
            b.writeBytes(sid);
            b.writeByte(' ');
            ServerOps.writeDecimal(b, NO_RESPONDERS_HEADER.length);
            b.writeByte(' ');
            ServerOps.writeDecimal(b, NO_RESPONDERS_HEADER.length);
            b.writeByte('\r').writeByte('\n');
            b.writeBytes(NO_RESPONDERS_HEADER);
            b.writeByte('\r').writeByte('\n');
        } finally {
            lock.unlock();
        }
    }

    /** Outbound bytes not yet written to the socket. */
    long pendingBytes() {
        lock.lock();
        try {
            return pendingLocked();
        } finally {
            lock.unlock();
        }
    }

    private long pendingLocked() {
        long n = sealedBytes + (buffer == null ? 0 : buffer.readableBytes());
        Channel ch = channel;
        ChannelOutboundBuffer cob = ch == null ? null : ch.unsafe().outboundBuffer();
        return cob == null ? n : n + cob.totalPendingWriteBytes();
    }

    /** Schedules a flush on the channel's event loop unless one is already pending. Any thread. */
    void requestFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            if (channel.eventLoop().inEventLoop()) {
                flushNow();
            } else {
                channel.eventLoop().execute(flushTask);
            }
        }
    }

    /** Writes everything buffered to the socket. Event loop only. */
    void flushNow() {
        flushScheduled.set(false);
        ByteBuf b;
        ByteBuf[] chunks = null;
        lock.lock();
        try {
            b = buffer;
            buffer = null;
            long taken = sealedBytes + (b == null ? 0 : b.readableBytes());
            lastFlushBytes = (int) Math.min(MAX_CHUNK, taken);
            if (sealedBytes > 0) {
                chunks = sealed.toArray(new ByteBuf[0]);
                sealed.clear();
                sealedBytes = 0;
            }
        } finally {
            lock.unlock();
        }
        boolean active = channel.isActive();
        if (chunks != null) {
            for (ByteBuf c : chunks) {
                if (active) {
                    channel.write(c, channel.voidPromise());
                } else {
                    c.release();
                }
            }
        }
        if (b != null) {
            if (b.isReadable() && active) {
                channel.write(b, channel.voidPromise());
            } else {
                b.release();
            }
        }
        if (active && (chunks != null || b != null)) {
            channel.flush();
        }
    }

    /** Refuses further frames (an {@code -ERR} may still be appended before the final flush). */
    void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Drops whatever is still buffered. */
    void release() {
        lock.lock();
        try {
            closed = true;
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
            if (sealed != null) {
                for (ByteBuf c = sealed.poll(); c != null; c = sealed.poll()) {
                    c.release();
                }
                sealedBytes = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The buffer to append {@code needed} bytes to: the current one unless that would grow it past a chunk. */
    private ByteBuf buffer(int needed) {
        ByteBuf b = buffer;
        if (b == null) {
            int size = Math.max(Math.max(MIN_BUFFER, needed), Math.min(MAX_CHUNK, lastFlushBytes));
            b = buffer = channel.alloc().directBuffer(size);
        } else if (b.writableBytes() < needed && b.writerIndex() + needed > MAX_CHUNK && b.isReadable()) {
            if (sealed == null) {
                sealed = new ArrayDeque<>(4);
            }
            sealed.add(b);
            sealedBytes += b.readableBytes();
            b = buffer = channel.alloc().directBuffer(Math.max(MAX_CHUNK, needed));
        }
        return b;
    }
}
