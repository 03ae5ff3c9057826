package io.natsspring.broker.internal.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A published message as it passes through routing: positions into the buffer it arrived in (no copies).
 * A connection reuses one instance for all its publishes, so a receiver that keeps anything beyond
 * {@link Subscription#deliver} must copy it ({@link #subject()}, {@link #headerBytes()}, {@link #payloadBytes()}).
 */
public final class InboundMessage {

    private ByteBuf buf;
    private int subjectIndex;
    private int subjectLength;
    private int replyIndex;
    private int replyLength;
    private int headerLength;
    private int dataIndex;
    private int totalLength;
    private String subject;
    private String reply;
    private static final byte[] EMPTY = new byte[0];
    private byte[] subjectScratch = EMPTY;
    /** True when {@link #subjectScratch} already holds this message's subject (messages built by {@link #of}). */
    private boolean subjectLoaded;

    private io.natsspring.broker.internal.trace.MessageTrace trace;

    /** Points this instance at a new message. {@code headerLength < 0} means no header block. */
    public InboundMessage set(
            ByteBuf buf,
            int subjectIndex,
            int subjectLength,
            int replyIndex,
            int replyLength,
            int headerLength,
            int dataIndex,
            int totalLength) {
        this.buf = buf;
        this.subjectIndex = subjectIndex;
        this.subjectLength = subjectLength;
        this.replyIndex = replyIndex;
        this.replyLength = replyLength;
        this.headerLength = headerLength;
        this.dataIndex = dataIndex;
        this.totalLength = totalLength;
        this.subject = null;
        this.reply = null;
        if (subjectLoaded) {
            // the array of a message built by of() may be held by a match cache entry: never write into it
            subjectScratch = EMPTY;
        }
        this.subjectLoaded = false;
        this.trace = null;
        return this;
    }

    /** A message built by the server itself (JetStream answers, advisories, status messages). */
    public static InboundMessage of(String subject, String reply, byte[] headers, byte[] payload) {
        byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        byte[] r = reply == null ? EMPTY : reply.getBytes(StandardCharsets.UTF_8);
        int h = headers == null ? 0 : headers.length;
        ByteBuf b = Unpooled.buffer(s.length + r.length + h + payload.length);
        b.writeBytes(s).writeBytes(r);
        if (headers != null) {
            b.writeBytes(headers);
        }
        b.writeBytes(payload);
        InboundMessage m = new InboundMessage()
                .set(
                        b,
                        0,
                        s.length,
                        s.length,
                        r.length,
                        headers == null ? -1 : h,
                        s.length + r.length,
                        h + payload.length);
        m.subject = subject;
        m.reply = reply;
        m.subjectScratch = s;
        m.subjectLoaded = true;
        return m;
    }

    /**
     * Points this instance at a message the server built, without reply or headers, written into {@code scratch}
     * (cleared first; it must be a growable buffer owned by the caller). For a single-threaded sender of many small
     * messages (a stream's PubAcks): one reused instance and buffer instead of both per message.
     */
    public InboundMessage setBuilt(ByteBuf scratch, String subject, byte[] payload) {
        scratch.clear();
        int subjectLength = scratch.writeCharSequence(subject, StandardCharsets.UTF_8);
        scratch.writeBytes(payload);
        return set(scratch, 0, subjectLength, subjectLength, 0, -1, subjectLength, payload.length);
    }

    public ByteBuf buffer() {
        return buf;
    }

    public int subjectIndex() {
        return subjectIndex;
    }

    public int subjectLength() {
        return subjectLength;
    }

    public int replyIndex() {
        return replyIndex;
    }

    public int replyLength() {
        return replyLength;
    }

    public boolean hasReply() {
        return replyLength > 0;
    }
    /** Length of the header block, or -1 when the message has none. */
    public int headerLength() {
        return headerLength;
    }

    public int dataIndex() {
        return dataIndex;
    }
    /** Header block plus payload. */
    public int totalLength() {
        return totalLength;
    }

    public int payloadIndex() {
        return headerLength > 0 ? dataIndex + headerLength : dataIndex;
    }

    public int payloadLength() {
        return headerLength > 0 ? totalLength - headerLength : totalLength;
    }

    /**
     * The subject's bytes starting at index 0 of the returned array ({@link #subjectLength()} of them). The array
     * is reused: read it before the next message.
     */
    public byte[] subjectBytes() {
        if (subjectLoaded) {
            return subjectScratch;
        }
        if (subjectScratch.length < subjectLength) {
            subjectScratch = new byte[Math.max(Math.max(subjectLength, 64), subjectScratch.length * 2)];
        }
        buf.getBytes(subjectIndex, subjectScratch, 0, subjectLength);
        return subjectScratch;
    }

    /**
     * For a message built by {@link #of}: its subject as a String and the exact UTF-8 encoding of it (never
     * written afterwards, so a routing cache may keep it), else {@code null}.
     */
    public String builtSubject() {
        return subjectLoaded ? subject : null;
    }

    public String subject() {
        if (subject == null) {
            subject = buf.toString(subjectIndex, subjectLength, StandardCharsets.UTF_8);
        }
        return subject;
    }

    /** The reply subject, or {@code null}. */
    public String reply() {
        if (reply == null && replyLength > 0) {
            reply = buf.toString(replyIndex, replyLength, StandardCharsets.UTF_8);
        }
        return reply;
    }

    /** A copy of the header block, or {@code null}. */
    public byte[] headerBytes() {
        if (headerLength < 0) {
            return null;
        }
        byte[] h = new byte[headerLength];
        buf.getBytes(dataIndex, h);
        return h;
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        byte[] p = new byte[payloadLength()];
        buf.getBytes(payloadIndex(), p);
        return p;
    }

    /** The trace of this message ({@code Nats-Trace-Dest}), or {@code null} when it is not traced. */
    public io.natsspring.broker.internal.trace.MessageTrace trace() {
        return trace;
    }

    /** Marks this message as traced by {@code t}; returns this message. */
    public InboundMessage trace(io.natsspring.broker.internal.trace.MessageTrace t) {
        this.trace = t;
        return this;
    }
}
